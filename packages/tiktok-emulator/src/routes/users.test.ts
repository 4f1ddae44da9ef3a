import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../emulator.js";
import { USER_INFO_FIELDS } from "../fields.js";
import { ApiClient, type Loose, TestClock } from "../test-support.js";

const clock = new TestClock();
let emulator: Emulator;
let api: ApiClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 9, clock, quota: { research: { requests: 100_000 } } });
  api = new ApiClient(emulator.url);
  await api.login();
});
afterAll(() => emulator.close());

const publicCreator = () =>
  emulator.corpus.users.find((u) => u.isCreator && !u.isPrivate && u.followerCount > 20_000)!;

async function pageByTime(path: string, key: string, username: string, maxCount: number, fields?: string) {
  const items: Loose[] = [];
  let cursor: number | undefined;
  for (let guard = 0; guard < 1_000; guard++) {
    const reply = await api.post(path, { username, max_count: maxCount, cursor }, fields);
    expect(reply.status).toBe(200);
    const data = (reply.json as Loose).data;
    items.push(...data[key]);
    if (!data.has_more) return items;
    expect(Number(data.cursor)).toBeLessThan(cursor ?? Number.MAX_SAFE_INTEGER);
    cursor = Number(data.cursor);
  }
  throw new Error("paging did not end");
}

describe("POST /v2/research/user/info/", () => {
  it("puts the selected profile fields directly in data without echoing the username", async () => {
    const u = publicCreator();
    const reply = await api.post("user/info/", { username: u.username }, USER_INFO_FIELDS.join(","));
    expect((reply.json as Loose).data).toEqual({
      display_name: u.displayName,
      bio_description: u.bio,
      avatar_url: u.avatarUrl,
      is_verified: u.isVerified,
      follower_count: u.followerCount,
      following_count: u.followingCount,
      likes_count: u.likesCount,
      video_count: u.videoCount,
      bio_url: u.isVerified ? `https://example.org/${u.username}` : "",
      open_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      is_private: false,
    });
    const some = await api.post("user/info/", { username: `@${u.username.toUpperCase()}` }, "follower_count");
    expect((some.json as Loose).data).toEqual({ follower_count: u.followerCount });
  });

  it("answers unknown and private users, and missing fields, with 400 invalid_params", async () => {
    const priv = emulator.corpus.users.find((u) => u.isPrivate)!;
    const unknown = await api.post("user/info/", { username: "no_such_user_123" }, "display_name");
    expect(unknown.status).toBe(400);
    expect((unknown.json as Loose).error.message).toContain("cannot find the user");
    const hidden = await api.post("user/info/", { username: priv.username }, "display_name");
    expect(hidden.status).toBe(400);
    expect((hidden.json as Loose).error.message).toContain("API cannot return this user's information");
    const gone = emulator.corpus.videos.find((v) => v.mentions.some((m) => m.endsWith("_old")))!.mentions[0]!;
    const mentioned = await api.post("user/info/", { username: gone }, "display_name");
    expect(mentioned.status).toBe(400);
    expect((mentioned.json as Loose).error.message).toContain("cannot find the user");
    expect((await api.post("user/info/", { username: publicCreator().username })).status).toBe(400);
    expect((await api.post("user/info/", {}, "display_name")).status).toBe(400);
  });
});

describe("followers and following", () => {
  it("pages every follower with a Unix-time cursor, capped near 5,000, fields not required", async () => {
    const u = publicCreator();
    const items = await pageByTime("user/followers/", "user_followers", u.username, 100);
    const truth = emulator.corpus.followersOf(u);
    expect(items).toEqual(truth.map((r) => ({ display_name: r.displayName, username: r.username })));
    expect(items.length).toBeGreaterThanOrEqual(4_000);
    expect(items.length).toBeLessThanOrEqual(5_000);
    expect(emulator.stats().quota["demo-client-key"]?.followers.records).toBeGreaterThanOrEqual(items.length);
  });

  it("returns followers on or before the cursor", async () => {
    const u = publicCreator();
    const truth = emulator.corpus.followersOf(u);
    const pivot = truth[37]!;
    const reply = await api.post("user/followers/", {
      username: u.username,
      cursor: pivot.time,
      max_count: 5,
    });
    const data = (reply.json as Loose).data;
    expect(data.user_followers.map((f: Loose) => f.username)).toEqual(
      truth.slice(37, 42).map((r) => r.username),
    );
    expect(Number(data.cursor)).toBe(truth[41]!.time - 1);
  });

  it("pages following under user_following", async () => {
    const u = emulator.corpus.users.find(
      (x) => !x.isPrivate && x.followingCount > 150 && x.followingCount < 400,
    )!;
    const items = await pageByTime("user/following/", "user_following", u.username, 50);
    expect(items.map((r: Loose) => r.username)).toEqual(
      emulator.corpus.followingOf(u).map((r) => r.username),
    );
    expect(items.length).toBe(u.followingCount);
  });
});

describe("liked, pinned and reposted videos", () => {
  it("answers liked videos with 400 for most users (private by default)", async () => {
    const u = emulator.corpus.users.find((x) => !x.isPrivate && !x.likedVisible)!;
    const reply = await api.post("user/liked_videos/", { username: u.username }, "id");
    expect(reply.status).toBe(400);
    expect((reply.json as Loose).error.message).toContain("information cannot be returned");
    const share = emulator.corpus.users.filter((x) => x.likedVisible).length / emulator.corpus.users.length;
    expect(share).toBeLessThan(0.15);
  });

  it("pages public liked videos with a Unix-time cursor under user_liked_videos", async () => {
    const u = emulator.corpus.users.find(
      (x) => x.likedVisible && emulator.corpus.likedVideosOf(x).length > 60,
    )!;
    const items = await pageByTime(
      "user/liked_videos/",
      "user_liked_videos",
      u.username,
      25,
      "id,create_time",
    );
    expect(items.map((v: Loose) => String(v.id))).toEqual(
      emulator.corpus.likedVideosOf(u).map((l) => l.video.id),
    );
    expect((await api.post("user/liked_videos/", { username: u.username }, "id,video_tag")).status).toBe(400);
  });

  it("returns pinned videos under pinned_videos_list, no paging", async () => {
    const u = emulator.corpus.users.find(
      (x) => !x.isPrivate && emulator.corpus.pinnedVideosOf(x).length === 3,
    )!;
    const reply = await api.post(
      "user/pinned_videos/",
      { username: u.username },
      "id,video_tag,sticker_info_list",
    );
    const data = (reply.json as Loose).data;
    expect(Object.keys(data)).toEqual(["pinned_videos_list"]);
    expect(data.pinned_videos_list.map((v: Loose) => String(v.id))).toEqual(
      emulator.corpus.pinnedVideosOf(u).map((v) => v.id),
    );
    expect(reply.text).toMatch(/"pinned_videos_list":\[\{"id":\d{19}/);
  });

  it("pages reposted videos with an index cursor, and 400s where reposts are hidden", async () => {
    const u = emulator.corpus.users.find(
      (x) => x.repostsVisible && emulator.corpus.repostedVideosOf(x).length > 45,
    )!;
    const truth = emulator.corpus.repostedVideosOf(u).map((v) => v.id);
    const ids: string[] = [];
    let cursor = 0;
    for (;;) {
      const data = (
        (await api.post("user/reposted_videos/", { username: u.username, cursor }, "id")).json as Loose
      ).data;
      ids.push(...data.reposted_videos.map((v: Loose) => String(v.id)));
      if (!data.has_more) break;
      expect(Number(data.cursor)).toBe(cursor + 20);
      cursor = Number(data.cursor);
    }
    expect(ids).toEqual(truth);
    const hidden = emulator.corpus.users.find((x) => !x.isPrivate && !x.repostsVisible)!;
    expect((await api.post("user/reposted_videos/", { username: hidden.username }, "id")).status).toBe(400);
  });
});
