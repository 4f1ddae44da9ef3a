import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "./emulator.js";
import { DEMO_CLIENT } from "./options.js";
import { ApiClient, type Loose, TestClock, videoQuery } from "./test-support.js";

let emulator: Emulator;
let api: ApiClient;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 2,
    clock: new TestClock(),
    corpus: { videos: 2_000 },
    latencyMs: 30,
  });
  api = new ApiClient(emulator.url);
  await api.login();
});
afterAll(() => emulator.close());

describe("startEmulator", () => {
  it("listens on 127.0.0.1 on a free port and exposes clients, corpus and clock", () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.clients).toEqual([DEMO_CLIENT]);
    expect(emulator.corpus.videos).toHaveLength(2_000);
    expect(emulator.clock.now()).toBe(Date.UTC(2026, 10, 24, 12));
  });

  it("rejects invalid options", async () => {
    await expect(startEmulator({ clients: [] })).rejects.toThrow(RangeError);
    await expect(startEmulator({ seed: 1.5 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ corpus: { videos: 0 } })).rejects.toThrow(RangeError);
  });

  it("wraps errors in the v2 envelope: unknown paths 404, other methods 405, bad JSON 400", async () => {
    const notFound = await fetch(`${emulator.url}/v2/research/video/list/`, { method: "POST" });
    expect(notFound.status).toBe(404);
    const get = await fetch(`${emulator.url}/v2/research/video/query/`);
    expect(get.status).toBe(405);
    const bad = await api.post("video/query/", "{not json", "id");
    expect(bad.status).toBe(400);
    expect((bad.json as Loose).error.code).toBe("invalid_params");
    expect((bad.json as Loose).error.log_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
    const array = await api.post("video/query/", "[1]", "id");
    expect(array.status).toBe(400);
  });

  it("requires fields where the spec does and ignores them where it has none", async () => {
    const user = emulator.corpus.users.find((u) => !u.isPrivate && u.likedVisible && u.repostsVisible)!;
    const video = emulator.corpus.videos.find((v) => !v.deleted && v.finalEngagement.comment_count > 0)!;
    const required: [string, unknown][] = [
      ["video/query/", videoQuery()],
      ["video/comment/list/", { video_id: video.id }],
      ["user/info/", { username: user.username }],
      ["user/liked_videos/", { username: user.username }],
      ["user/pinned_videos/", { username: user.username }],
      ["user/reposted_videos/", { username: user.username }],
    ];
    for (const [path, body] of required) {
      const reply = await api.post(path, body);
      expect(reply.status, path).toBe(400);
      expect((reply.json as Loose).error.message, path).toContain("fields");
      expect((await api.post(path, body, "id,nonsense")).status, path).toBe(400);
    }
    for (const path of ["user/followers/", "user/following/"]) {
      expect((await api.post(path, { username: user.username }, "nonsense")).status, path).toBe(200);
    }
    const playlist = emulator.corpus.playlists[0]!;
    expect((await api.post("playlist/info/", { playlist_id: playlist.id })).status).toBe(200);
  });

  it("accepts paths without the trailing slash", async () => {
    const res = await fetch(`${emulator.url}/v2/research/video/query?fields=id`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
      body: JSON.stringify(videoQuery()),
    });
    expect(res.status).toBe(200);
  });

  it("adds latencyMs to responses", async () => {
    const started = performance.now();
    await api.post("user/info/", { username: emulator.corpus.users[0]!.username }, "display_name");
    expect(performance.now() - started).toBeGreaterThanOrEqual(28);
  });

  it("reports stats by endpoint and zeroes them (quota included) on resetStats", async () => {
    emulator.resetStats();
    await api.post("video/query/", videoQuery(), "id");
    await api.post("video/query/", videoQuery(), "");
    await api.post("user/info/", { username: emulator.corpus.users[0]!.username }, "display_name");
    await api.fetchToken();
    const stats = emulator.stats();
    expect(stats.requests).toEqual({
      total: 4,
      byEndpoint: { "video/query": 2, "user/info": 1, "oauth/token": 1 },
    });
    expect(stats.tokenRequests).toBe(1);
    expect(stats.pagesServed).toBe(2);
    expect(stats.quota["demo-client-key"]?.research.requests).toBe(3);
    expect(Object.keys(stats.faults)).toContain("connectionReset");
    emulator.resetStats();
    const zero = emulator.stats();
    expect(zero.requests.total).toBe(0);
    expect(zero.pagesServed).toBe(0);
    expect(zero.quota).toEqual({});
    expect(Object.values(zero.faults).every((n) => n === 0)).toBe(true);
  });

  it("closes idempotently", async () => {
    const other = await startEmulator({ corpus: { videos: 500 } });
    await other.close();
    await other.close();
    await expect(fetch(`${other.url}/v2/oauth/token/`, { method: "POST" })).rejects.toThrow();
  });
});
