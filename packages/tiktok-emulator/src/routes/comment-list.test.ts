import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../emulator.js";
import { ApiClient, type Loose, TestClock } from "../test-support.js";

const clock = new TestClock();
let emulator: Emulator;
let api: ApiClient;
const FIELDS = "id,video_id,text,like_count,reply_count,parent_comment_id,create_time";

beforeAll(async () => {
  emulator = await startEmulator({ seed: 5, clock, quota: { research: { requests: 100_000 } } });
  api = new ApiClient(emulator.url);
  await api.login();
});
afterAll(() => emulator.close());

const live = () => emulator.corpus.videos.filter((v) => !v.deleted && emulator.corpus.isVisible(v));

describe("POST /v2/research/video/comment/list/", () => {
  it("pages comments and replies with an index cursor (default 10), ids as bare numbers", async () => {
    const video = live().find(
      (v) => v.finalEngagement.comment_count > 40 && v.finalEngagement.comment_count < 200,
    )!;
    const truth = emulator.corpus.commentsFor(video.id);
    const seen: string[] = [];
    let cursor = 0;
    for (;;) {
      const reply = await api.post(
        "video/comment/list/",
        `{"video_id":${video.id},"cursor":${cursor}}`,
        FIELDS,
      );
      expect(reply.status).toBe(200);
      expect(reply.text).toMatch(/"video_id":\d{19},/);
      const data = (reply.json as Loose).data;
      expect(data.comments.length).toBeLessThanOrEqual(10);
      for (const c of data.comments) {
        expect(Object.keys(c)).toEqual(FIELDS.split(","));
        expect(String(c.video_id)).toBe(video.id);
        seen.push(String(c.id));
      }
      expect(Number(data.cursor)).toBe(cursor + data.comments.length);
      if (!data.has_more) break;
      cursor = Number(data.cursor);
    }
    expect(seen).toEqual(truth.map((c) => c.id));
    expect(truth.some((c) => c.parentCommentId !== video.id)).toBe(true);
  });

  it("stops at the top 1,000 comments: has_more ends there and cursor + max_count > 1,000 is a 400", async () => {
    const video = live().find((v) => v.finalEngagement.comment_count > 1_500)!;
    expect(emulator.corpus.commentsFor(video.id).length).toBeGreaterThan(1_000);
    const last = await api.post(
      "video/comment/list/",
      { video_id: video.id, cursor: 900, max_count: 100 },
      "id",
    );
    const data = (last.json as Loose).data;
    expect(data.comments).toHaveLength(100);
    expect(Number(data.cursor)).toBe(1_000);
    expect(data.has_more).toBe(false);
    for (const body of [
      { video_id: video.id, cursor: 950, max_count: 100 },
      { video_id: video.id, cursor: 1_000, max_count: 10 },
    ]) {
      const over = await api.post("video/comment/list/", body, "id");
      expect(over.status).toBe(400);
      expect((over.json as Loose).error.message).toBe("Invalid count or cursor");
    }
  });

  it("requires fields and a known, public video; max_count at most 100", async () => {
    const video = live()[0]!;
    expect((await api.post("video/comment/list/", { video_id: video.id })).status).toBe(400);
    expect((await api.post("video/comment/list/", { video_id: video.id, max_count: 101 }, "id")).status).toBe(
      400,
    );
    const deleted = emulator.corpus.videos.find((v) => v.deleted)!;
    for (const id of ["7000000000000000001", deleted.id]) {
      const reply = await api.post("video/comment/list/", `{"video_id":${id}}`, "id");
      expect(reply.status).toBe(400);
      expect((reply.json as Loose).error.code).toBe("invalid_params");
    }
    expect((await api.post("video/comment/list/", {}, "id")).status).toBe(400);
  });
});
