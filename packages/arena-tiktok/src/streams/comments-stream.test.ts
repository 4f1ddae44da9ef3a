import {
  ConfigError,
  contentRecordSchema,
  ManualClock,
  MemoryQuotaLedger,
  QuotaExhaustedError,
} from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall, parsedBodies, rawCommentPage } from "../test-support/list-fixtures.js";
import { apiError, collect, testCollector, tokenScope } from "../test-support/nock-api.js";

const PATH = "/v2/research/video/comment/list/";
const VIDEO = "7301234567890123456"; // > 2^53: a JS number would round it
const VIDEO_2 = "7301234567890123999";
const comment = (n: number, extra: { parent?: string; video?: string } = {}) => ({
  id: (7401234567890000000n + BigInt(n)).toString(),
  video_id: extra.video ?? VIDEO,
  text: `Enig, afgiften er alt for høj nummer ${n}`,
  ...(extra.parent ? { parent: extra.parent } : {}),
});

guardNock(nock);

describe("collectComments", () => {
  it("pages with the index cursor and sends video_id as a bare 64-bit integer", async () => {
    const raw: string[] = [];
    const fields: (string | undefined)[] = [];
    tokenScope();
    apiCall(PATH, raw, fields).reply(200, rawCommentPage([comment(1), comment(2)], 100, true));
    apiCall(PATH, raw, fields).reply(
      200,
      rawCommentPage([comment(3, { parent: comment(1).id })], 101, false),
    );
    const { collector } = testCollector();
    const { items, error } = await collect(collector.collectComments([VIDEO], { runId: "c1" }));
    expect(error).toBeUndefined();
    expect(raw[0]).toContain(`"video_id":${VIDEO}`);
    expect(raw[0]).not.toContain(`"${VIDEO}"`);
    expect(parsedBodies(raw).map((b) => [b.cursor, b.max_count])).toEqual([
      [undefined, 100],
      [100, 100],
    ]);
    expect(fields[0]).toBe("id,video_id,text,like_count,reply_count,parent_comment_id,create_time");
    expect(items.map((r) => r.platform_id)).toEqual([comment(1).id, comment(2).id, comment(3).id]);
    for (const record of items) expect(contentRecordSchema.safeParse(record).success).toBe(true);
    const [top, , reply] = items;
    expect(top).toMatchObject({
      content_type: "comment",
      url: `https://www.tiktok.com/@/video/${VIDEO}`,
      author_platform_id: null,
      pseudonymized_author_id: null,
      likes_count: 3,
      language: "da",
      raw_metadata: { video_id: VIDEO, parent_comment_id: VIDEO, is_reply: false, author_available: false },
    });
    expect(reply?.raw_metadata).toMatchObject({ parent_comment_id: comment(1).id, is_reply: true });
  });

  it("stops before the 1,000-comment cap, clamping max_count on the last page", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(PATH, raw).reply(200, rawCommentPage([comment(1)], 950, true));
    apiCall(PATH, raw).reply(200, rawCommentPage([comment(2)], 1000, true));
    const { collector } = testCollector();
    const stream = collector.collectComments([VIDEO], { runId: "cap" });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect(parsedBodies(raw).map((b) => [b.cursor, b.max_count])).toEqual([
      [undefined, 100],
      [950, 50],
    ]);
    expect(stream.report.outcomes).toEqual([
      expect.objectContaining({
        target: VIDEO,
        status: "capped",
        records: 2,
        detail: expect.stringMatching(/1,000/),
      }),
    ]);
  });

  it("clamps max_count to maxPerVideo and stops there", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(PATH, raw).reply(200, rawCommentPage([comment(1), comment(2), comment(3)], 3, true));
    const { collector } = testCollector();
    const { items } = await collect(collector.collectComments([VIDEO], { runId: "max", maxPerVideo: 3 }));
    expect(items).toHaveLength(3);
    expect(parsedBodies(raw)[0]).toMatchObject({ max_count: 3 });
  });

  it("reports a deleted video and carries on with the next one", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(PATH, raw).reply(
      400,
      apiError("invalid_params", `Video ${VIDEO} is invalid: cannot find the video`),
    );
    apiCall(PATH, raw).reply(200, rawCommentPage([comment(1, { video: VIDEO_2 })], 1, false));
    const { collector } = testCollector();
    const stream = collector.collectComments([VIDEO, VIDEO_2], { runId: "gone" });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(raw[1]).toContain(`"video_id":${VIDEO_2}`);
    expect(stream.report.outcomes.map((o) => [o.target, o.status])).toEqual([
      [VIDEO, "not_found"],
      [VIDEO_2, "ok"],
    ]);
  });

  it("checkpoints per video: a quota pause resumes the next day at the saved cursor", async () => {
    const raw: string[] = [];
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const quota = new MemoryQuotaLedger({ clock });
    tokenScope(2);
    apiCall(PATH, raw).reply(200, rawCommentPage([comment(1)], 1, false));
    apiCall(PATH, raw).reply(200, rawCommentPage([comment(2, { video: VIDEO_2 })], 100, true));
    apiCall(PATH, raw).reply(429, apiError("rate_limit_exceeded", "quota spent"));
    const { collector } = testCollector({ clock, quota });
    const partitions: string[] = [];
    const first = await collect(
      collector.collectComments([VIDEO, VIDEO_2], {
        runId: "pause",
        beforeCheckpoint: (page) => {
          partitions.push(`${page.partition}:${page.ids.length}:${page.done}`);
        },
      }),
    );
    expect(first.items).toHaveLength(2);
    expect(first.error).toBeInstanceOf(QuotaExhaustedError);
    expect(partitions).toEqual([`comments:${VIDEO}:1:true`, `comments:${VIDEO_2}:1:false`]);

    clock.set("2026-11-25T00:00:05Z");
    apiCall(PATH, raw).reply(200, rawCommentPage([comment(3, { video: VIDEO_2 })], 101, false));
    const resumed = await collect(collector.collectComments([VIDEO, VIDEO_2], { runId: "pause" }));
    expect(resumed.error).toBeUndefined();
    expect(resumed.items.map((r) => r.platform_id)).toEqual([comment(3).id]);
    expect(raw[3]).toContain(`"video_id":${VIDEO_2}`);
    expect(parsedBodies(raw)[3]).toMatchObject({ cursor: 100 });
  });

  it("rejects an ID that is not an exact integer string before any request", async () => {
    const { collector } = testCollector();
    const { error } = await collect(collector.collectComments(["73012345678901e3"], { runId: "bad" }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("videoIds.0");
    expect(collector.stats.requests).toBe(0);
  });
});
