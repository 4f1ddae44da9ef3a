// The endpoints beyond video search against the local TikTok emulator: complete, exact sets.
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorCollector, startTestEmulator } from "../test-support/emulator-harness.js";
import { secretScan } from "../test-support/secret-scan.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const corpus = () => emulator.corpus;

/** Every item of a stream; a failure fails the test (after the secret scan has seen it). */
async function drain<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item);
  } catch (error) {
    secretScan.watchError(error);
    throw error;
  }
  return items;
}

describe("endpoints beyond video search, against the emulator", () => {
  it("collects every reachable comment of a video, up to the 1,000 cap", async () => {
    // The most commented of the first visible videos (generating every video's comments is slow).
    const busiest = corpus()
      .videos.filter((v) => corpus().isVisible(v))
      .slice(0, 100)
      .sort((a, b) => corpus().engagementOf(b).comment_count - corpus().engagementOf(a).comment_count)[0]!;
    const all = corpus().commentsFor(busiest.id);
    const { collector } = emulatorCollector(emulator, { keepAuthorHandles: true });
    const stream = collector.collectComments([busiest.id], { runId: "comments" });
    const records = await drain(stream);
    const expected = all.slice(0, 1000).map((c) => c.id);
    expect(records.map((r) => r.platform_id).sort()).toEqual([...expected].sort());
    expect(stream.report.outcomes[0]?.status).toBe(all.length >= 1000 ? "capped" : "ok");
    const reply = all.find((c) => c.parentCommentId !== busiest.id);
    if (reply && expected.includes(reply.id)) {
      const record = records.find((r) => r.platform_id === reply.id);
      expect(record?.raw_metadata).toMatchObject({
        parent_comment_id: reply.parentCommentId,
        is_reply: true,
      });
    }
  });

  it("collects followers and following exactly, on the followers pool", async () => {
    const user = corpus().users.find((u) => !u.isPrivate && corpus().followersOf(u).length > 150)!;
    const { collector, quota } = emulatorCollector(emulator, { keepAuthorHandles: true });
    const followers = await drain(collector.followers(user.username, { runId: "followers" }));
    expect(followers.map((f) => f.username).sort()).toEqual(
      corpus()
        .followersOf(user)
        .map((r) => r.username.toLowerCase())
        .sort(),
    );
    const following = await drain(collector.following(user.username, { runId: "following" }));
    expect(following).toHaveLength(corpus().followingOf(user).length);
    expect((await quota.state("emulator", "followers")).requestsUsed).toBeGreaterThan(1);
    expect((await quota.state("emulator", "research")).requestsUsed).toBe(0);
  });

  it("collects liked, reposted and pinned videos, and reports the private lists", async () => {
    const liker = corpus().users.find(
      (u) => !u.isPrivate && u.likedVisible && corpus().likedVideosOf(u).length > 0,
    )!;
    const hidden = corpus().users.find((u) => !u.isPrivate && !u.likedVisible)!;
    const reposter = corpus().users.find(
      (u) => !u.isPrivate && u.repostsVisible && corpus().repostedVideosOf(u).length > 0,
    )!;
    const pinner = corpus().users.find((u) => !u.isPrivate && corpus().pinnedVideosOf(u).length > 0)!;
    const { collector } = emulatorCollector(emulator);
    const liked = collector.likedVideos([liker.username, hidden.username], { runId: "liked" });
    const likedRecords = await drain(liked);
    expect(likedRecords.map((r) => r.platform_id).sort()).toEqual(
      corpus()
        .likedVideosOf(liker)
        .map((l) => l.video.id)
        .sort(),
    );
    expect(liked.report.outcomes.map((o) => o.status)).toEqual(["ok", "private"]);
    const reposted = await drain(collector.repostedVideos(reposter.username, { runId: "reposted" }));
    expect(reposted.map((r) => r.platform_id)).toEqual(
      corpus()
        .repostedVideosOf(reposter)
        .map((v) => v.id),
    );
    const pinned = await drain(collector.pinnedVideos(pinner.username, { runId: "pinned" }));
    expect(pinned.map((r) => r.platform_id)).toEqual(
      corpus()
        .pinnedVideosOf(pinner)
        .map((v) => v.id),
    );
  });

  it("lists a playlist's videos in order", async () => {
    const playlist = corpus().playlists.find((p) => corpus().playlistVideos(p).length > 1)!;
    const { collector } = emulatorCollector(emulator);
    const entries = await drain(collector.playlist(playlist.id, { runId: "playlist" }));
    expect(entries.map((e) => e.video_id)).toEqual(
      corpus()
        .playlistVideos(playlist)
        .map((v) => v.id),
    );
    expect(entries[0]).toMatchObject({ playlist_id: playlist.id, playlist_name: playlist.name, position: 0 });
  });

  it("profiles users and reports private and unknown ones", async () => {
    const open = corpus().users.find((u) => !u.isPrivate)!;
    const closed = corpus().users.find((u) => u.isPrivate)!;
    const { collector } = emulatorCollector(emulator);
    const profiles = await drain(collector.fetchActors([open.username, closed.username, "nobody_here_42"]));
    expect(profiles.map((p) => p.status)).toEqual(["ok", "private", "not_found"]);
    expect(profiles[0]).toMatchObject({ followerCount: open.followerCount, videoCount: open.videoCount });
  });

  it("refreshes engagement by ID and reports deleted videos as missing", async () => {
    const visible = corpus()
      .videos.filter((v) => corpus().isVisible(v))
      .slice(0, 150);
    const deleted = corpus().videos.find((v) => v.deleted);
    const ids = [...visible.map((v) => v.id), ...(deleted ? [deleted.id] : [])];
    const { collector } = emulatorCollector(emulator);
    const result = await collector.refreshEngagement(ids);
    expect(result.updated.map((r) => r.platform_id).sort()).toEqual(visible.map((v) => v.id).sort());
    expect(result.missing).toEqual(deleted ? [deleted.id] : []);
    const first = visible[0]!;
    const record = result.updated.find((r) => r.platform_id === first.id)!;
    expect(record.likes_count).toBe(corpus().engagementOf(first).like_count);
  });
});
