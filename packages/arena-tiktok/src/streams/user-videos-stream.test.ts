import { contentRecordSchema, QuotaExhaustedError } from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall, okEnvelope, parsedBodies, rawListPage } from "../test-support/list-fixtures.js";
import { apiError, collect, rawVideo, testCollector, tokenScope, video } from "../test-support/nock-api.js";

const LIKED = "/v2/research/user/liked_videos/";
const PINNED = "/v2/research/user/pinned_videos/";
const REPOSTED = "/v2/research/user/reposted_videos/";

guardNock(nock);

describe("liked, pinned and reposted videos", () => {
  it("pages liked videos with the timestamp cursor into UCR video records", async () => {
    const raw: string[] = [];
    const fields: (string | undefined)[] = [];
    tokenScope();
    apiCall(LIKED, raw, fields).reply(
      200,
      rawListPage("user_liked_videos", [rawVideo(video(1)), rawVideo(video(2))], 1_788_000_000, true),
    );
    apiCall(LIKED, raw, fields).reply(
      200,
      rawListPage(
        "user_liked_videos",
        [rawVideo({ ...video(3), id: "7301234567890123456" })],
        1_787_000_000,
        false,
      ),
    );
    const { collector } = testCollector();
    const stream = collector.likedVideos("fan", { runId: "l1" });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(parsedBodies(raw).map((b) => b.cursor)).toEqual([undefined, 1_788_000_000]);
    expect(fields[0]).toContain("favorites_count");
    expect(fields[0]).not.toContain("voice_to_text");
    expect(items.map((r) => r.platform_id)).toEqual([
      "7301234567890000001",
      "7301234567890000002",
      "7301234567890123456",
    ]);
    for (const record of items) expect(contentRecordSchema.safeParse(record).success).toBe(true);
    expect(items[0]).toMatchObject({
      content_type: "video",
      collection_tier: "free",
      raw_metadata: {
        source_list: "liked",
        source_user_pseudonymized: true,
        source_endpoint: "user/liked_videos/",
      },
    });
    expect(items[0]?.raw_metadata.source_user).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(items)).not.toContain('"fan"');
  });

  it("reports private liked videos as a documented limit, not a failure of the batch", async () => {
    tokenScope();
    apiCall(LIKED, []).reply(
      400,
      apiError("invalid_params", "User someone's liked videos information cannot be returned"),
    );
    apiCall(LIKED, []).reply(
      200,
      rawListPage("user_liked_videos", [rawVideo(video(4))], 1_700_000_000, false),
    );
    const { collector } = testCollector();
    let skipped = 0;
    const stream = collector.likedVideos(["someone", "open"], {
      runId: "l2",
      onProgress: (p) => {
        skipped = p.skipped;
      },
    });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(skipped).toBe(1);
    expect(stream.report.outcomes[0]).toMatchObject({
      target: "someone",
      status: "private",
      detail: expect.stringMatching(/private by default/),
    });
  });

  it("reads pinned videos in one request under either documented key", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(PINNED, raw).reply(200, okEnvelope(`{"pinned_videos_list":[${rawVideo(video(5))}]}`));
    apiCall(PINNED, raw).reply(200, okEnvelope(`{"user_pinned_videos":[${rawVideo(video(6))}]}`));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.pinnedVideos(["a", "b"], { runId: "p" }));
    expect(error).toBeUndefined();
    expect(items.map((r) => r.platform_id)).toEqual(["7301234567890000005", "7301234567890000006"]);
    expect(parsedBodies(raw)).toEqual([{ username: "a" }, { username: "b" }]);
  });

  it("pages reposted videos with the index cursor and pauses on a spent quota", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(REPOSTED, raw).reply(200, rawListPage("reposted_videos", [rawVideo(video(7))], 20, true));
    apiCall(REPOSTED, raw).reply(429, apiError("rate_limit_exceeded", "spent"));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.repostedVideos("x", { runId: "r" }));
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect(parsedBodies(raw).map((b) => b.cursor)).toEqual([undefined, 20]);
  });
});
