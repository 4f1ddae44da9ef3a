import {
  ConfigError,
  type ContentRecord,
  DAY_MS,
  ManualClock,
  MemoryQuotaLedger,
} from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall, parsedBodies } from "../test-support/list-fixtures.js";
import {
  apiError,
  collect,
  rawVideoPage,
  testCollector,
  tokenScope,
  video,
} from "../test-support/nock-api.js";
import { refreshBatches } from "./refresh-batches.js";
import { selectDueForRefresh } from "./select-due.js";
import { videoIdTime } from "./video-id-time.js";

const PATH = "/v2/research/video/query/";

guardNock(nock);

describe("videoIdTime", () => {
  it("reads the upload time from the top 32 bits of real Research API IDs (18–48 s before create_time)", () => {
    // id, create_time from a real video/query page (CybersecurityForDemocracy/tiktok-library test data).
    const real: [string, number][] = [
      ["7320768187275005226", 1704499194],
      ["7320768169063435566", 1704499197],
      ["7320768133151640874", 1704499174],
      ["7320768111068728607", 1704499199],
      ["7320768004067691818", 1704499152],
    ];
    for (const [id, createTime] of real) {
      const lead = createTime * 1000 - videoIdTime(id);
      expect(lead).toBeGreaterThanOrEqual(0);
      expect(lead).toBeLessThanOrEqual(60_000);
    }
    // A JS number would already be wrong before the shift.
    expect(Number("7320768187275005226").toString()).not.toBe("7320768187275005226");
    expect(() => videoIdTime("7.3e18")).toThrow(RangeError);
  });
});

describe("refreshBatches", () => {
  it("puts at most 100 IDs in a request and keeps every window within the API's 30 days", () => {
    const start = Date.parse("2026-08-01T00:00:00Z");
    const items = Array.from({ length: 250 }, (_, i) => ({
      id: String(1000 + i),
      createdMs: start + i * 3_600_000,
    }));
    items.push({ id: "late", createdMs: start + 60 * DAY_MS });
    const batches = refreshBatches(items, Date.parse("2026-11-24T10:00:00Z"));
    expect(batches.map((b) => b.ids.length)).toEqual([100, 100, 50, 1]);
    for (const batch of batches) {
      const span = batch.until.getTime() - batch.since.getTime();
      expect(span).toBeLessThanOrEqual(30 * DAY_MS);
      for (const id of batch.ids) {
        const created = items.find((i) => i.id === id)!.createdMs;
        expect(created).toBeGreaterThanOrEqual(batch.since.getTime());
        // At least a day of slack before the last day the API certainly covers.
        expect(created + DAY_MS).toBeLessThan(batch.until.getTime() - DAY_MS);
      }
    }
  });

  it("never asks beyond today", () => {
    const now = Date.parse("2026-11-24T10:00:00Z");
    const [batch] = refreshBatches([{ id: "1", createdMs: now - 12 * DAY_MS }], now);
    expect(batch?.until.toISOString()).toBe("2026-11-25T00:00:00.000Z");
  });
});

describe("refreshEngagement", () => {
  it("re-queries records and bare IDs by video_id IN, updates counts and reports deleted videos as missing", async () => {
    const raw: string[] = [];
    tokenScope();
    const { collector } = testCollector();
    // A record collected earlier, and two bare IDs (one of them deleted since).
    const original = await collectOne(collector, video(1, "2026-11-12"));
    const bareId = "7575000000000000001"; // top 32 bits → 2025-10-…; the ID, not a number, is decoded
    const deleted = "7575000000000000002";
    const bareCreated = Math.floor(videoIdTime(bareId) / 1000) + 20;
    // Batches go oldest first: the bare IDs (uploaded 2025-11) before the record (2026-11-12).
    apiCall(PATH, raw).reply(
      200,
      rawVideoPage([{ ...video(9), id: bareId, create_time: bareCreated }], { cursor: 1, hasMore: false }),
    );
    apiCall(PATH, raw).reply(
      200,
      rawVideoPage(
        [
          {
            ...video(1, "2026-11-12"),
            like_count: 900,
            view_count: 50_000,
            comment_count: 40,
            share_count: 7,
          },
        ],
        { cursor: 1, hasMore: false },
      ),
    );
    const progress: string[] = [];
    const result = await collector.refreshEngagement([original, bareId, deleted, bareId], {
      onProgress: (p) => progress.push(p.phase),
    });
    const bodies = parsedBodies(raw);
    expect(bodies[0]).toMatchObject({
      query: { and: [{ field_name: "video_id", operation: "IN", field_values: [bareId, deleted] }] },
      start_date: "20251121",
      end_date: "20251220",
      max_count: 100,
    });
    expect(bodies[1]).toMatchObject({
      query: { and: [{ field_name: "video_id", operation: "EQ", field_values: [original.platform_id] }] },
      start_date: "20261112",
      end_date: "20261124",
    });
    expect(result.requests).toBe(2);
    expect(result.missing).toEqual([deleted]);
    expect(result.pending).toEqual([]);
    const [fresh, updated] = result.updated;
    expect(updated).toMatchObject({
      platform_id: original.platform_id,
      collected_at: original.collected_at,
      likes_count: 900,
      views_count: 50_000,
      raw_metadata: {
        engagement_refreshed_at: "2026-11-24T10:00:00.000Z",
        engagement_previous: { likes: 10, views: 100, comments: 2, shares: 1 },
        engagement_settling: false,
      },
    });
    expect(updated!.engagement_score).toBeGreaterThan(original.engagement_score!);
    expect(fresh).toMatchObject({ platform_id: bareId, content_type: "video" });
    expect(fresh!.raw_metadata.engagement_refreshed_at).toBe("2026-11-24T10:00:00.000Z");
    expect(progress.at(-1)).toBe("completed");
  });

  it("stops at a spent quota with the rest pending, keeping what was refreshed", async () => {
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const quota = new MemoryQuotaLedger({ clock });
    tokenScope();
    const { collector } = testCollector({ clock, quota });
    const early = video(1, "2026-08-02");
    const late = video(2, "2026-11-10");
    apiCall(PATH, []).reply(200, rawVideoPage([early], { cursor: 1, hasMore: false }));
    apiCall(PATH, []).reply(429, apiError("rate_limit_exceeded", "spent"));
    const batches: { updated: string[]; missing: string[] }[] = [];
    const result = await collector.refreshEngagement([asRecord(late), asRecord(early)], {
      // Each batch is handed over (and awaited) before the next request: the caller keeps it whatever follows.
      onBatch: async ({ updated, missing }) => {
        batches.push({ updated: updated.map((r) => r.platform_id), missing });
      },
    });
    expect(batches).toEqual([{ updated: [early.id], missing: [] }]);
    expect(result.updated.map((r) => r.platform_id)).toEqual([early.id]);
    expect(result.pending).toEqual([late.id]);
    expect(result.missing).toEqual([]);
    expect(result.paused).toEqual({ resumeAt: "2026-11-25T00:00:00.000Z", pool: "research" });
  });

  it("refreshes IDs whose earlier records it reads back per batch (earlierRecords), batched by their published_at", async () => {
    const raw: string[] = [];
    tokenScope();
    const { collector } = testCollector();
    // Fixture IDs do not encode their create times: the batches below follow earlierRecords' dates.
    const early = video(1, "2026-08-02");
    const late = video(2, "2026-11-10");
    const stored = new Map([early, late].map((v) => [v.id, { ...asRecord(v), likes_count: 3 }]));
    const unknownId = "7575000000000000001"; // not in the store: decoded from the ID, a new record
    apiCall(PATH, raw).reply(
      200,
      rawVideoPage([{ ...video(9), id: unknownId, create_time: Math.floor(videoIdTime(unknownId) / 1000) }], {
        cursor: 1,
        hasMore: false,
      }),
    );
    apiCall(PATH, raw).reply(
      200,
      rawVideoPage([{ ...early, like_count: 70 }], { cursor: 1, hasMore: false }),
    );
    apiCall(PATH, raw).reply(200, rawVideoPage([{ ...late, like_count: 80 }], { cursor: 1, hasMore: false }));
    const reads: string[][] = [];
    const batches: string[][] = [];
    const result = await collector.refreshEngagement([late.id, unknownId, early.id], {
      earlierRecords: {
        publishedAt: (id) => {
          const record = stored.get(id);
          return record ? Date.parse(record.published_at!) : undefined;
        },
        read: async (ids) => {
          reads.push([...ids]);
          return new Map(ids.map((id) => [id, stored.get(id)!]));
        },
      },
      keepUpdated: false,
      onBatch: ({ updated }) => {
        batches.push(updated.map((r) => `${r.platform_id}:${r.likes_count}`));
      },
    });
    expect(parsedBodies(raw).map((b) => b.start_date)).toEqual(["20251121", "20260802", "20261110"]);
    // Each returned batch's stored records are read once, only those (never the unknown ID).
    expect(reads).toEqual([[early.id], [late.id]]);
    expect(batches).toEqual([[`${unknownId}:10`], [`${early.id}:70`], [`${late.id}:80`]]);
    expect(result.updated).toEqual([]); // keepUpdated: false — the caller stored each batch
    expect(result.requests).toBe(3);

    // A source that answers another record than asked is an error, not a silently wrong merge.
    apiCall(PATH, []).reply(200, rawVideoPage([early], { cursor: 1, hasMore: false }));
    await expect(
      collector.refreshEngagement([early.id], {
        earlierRecords: {
          publishedAt: () => Date.parse(stored.get(early.id)!.published_at!),
          read: async () => new Map([[early.id, stored.get(late.id)!]]),
        },
      }),
    ).rejects.toThrow(/answered the record of .* for /);
  });

  it("refuses records of other platforms and content types", async () => {
    const { collector } = testCollector();
    const comment = { platform: "tiktok", content_type: "comment", platform_id: "1" } as ContentRecord;
    await expect(collector.refreshEngagement([comment])).rejects.toBeInstanceOf(ConfigError);
    await expect(collector.refreshEngagement(["12a"])).rejects.toThrow(/recordsOrIds\.0/);
  });
});

describe("selectDueForRefresh", () => {
  const now = Date.parse("2026-11-24T10:00:00Z");
  const record = (daysOld: number, refreshedDaysAfter?: number) =>
    ({
      platform: "tiktok",
      content_type: "video",
      published_at: new Date(now - daysOld * DAY_MS).toISOString(),
      raw_metadata:
        refreshedDaysAfter === undefined
          ? {}
          : {
              engagement_refreshed_at: new Date(now - (daysOld - refreshedDaysAfter) * DAY_MS).toISOString(),
            },
    }) as ContentRecord;

  it("selects videos 10–15 days old that were not refreshed at that age yet", () => {
    const records = [
      record(9),
      record(10),
      record(12),
      record(15),
      record(16),
      record(12, 11),
      record(12, 3),
    ];
    const due = selectDueForRefresh(records, now);
    expect(due).toEqual([records[1], records[2], records[3], records[6]]);
    expect(selectDueForRefresh(records, new Date(now), { minDays: 15, maxDays: 16 })).toEqual([
      records[3],
      records[4],
    ]);
    expect(() => selectDueForRefresh(records, now, { minDays: 5, maxDays: 2 })).toThrow(RangeError);
  });
});

/** A stored record of a fixture video (the fixtures' IDs do not encode their create times). */
const asRecord = (v: ReturnType<typeof video>) =>
  ({
    platform: "tiktok",
    content_type: "video",
    platform_id: v.id,
    published_at: new Date(v.create_time * 1000).toISOString(),
    collected_at: "2026-11-20T00:00:00.000Z",
    raw_metadata: {},
  }) as ContentRecord;

async function collectOne(
  collector: ReturnType<typeof testCollector>["collector"],
  v: ReturnType<typeof video>,
) {
  nock("https://open.tiktokapis.com")
    .post(PATH)
    .query(true)
    .reply(200, rawVideoPage([v], { cursor: 1, hasMore: false }));
  const day = v.create_time * 1000;
  const since = new Date(Math.floor(day / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const until = new Date(Math.floor(day / DAY_MS) * DAY_MS + DAY_MS).toISOString().slice(0, 10);
  const { items } = await collect(
    collector.collectByTerms({ terms: ["klima"], since, until }, { runId: "seed" }),
  );
  return items[0]!;
}
