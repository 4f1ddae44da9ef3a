import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContentRecord } from "@observatory/arena-core";
import { DEFAULT_RECHECK_RULES, PostgresSchedulerStore } from "@observatory/scheduler";
import { openStore, type RecordStore } from "@observatory/store-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complianceQuery } from "./compliance-query.js";
import { refreshShareQuery } from "./refresh-share-query.js";

const NOW = Date.parse("2026-10-01T12:00:00Z");
const FROM = "2026-09-01";
/** 15 days before NOW: videos published before it are old enough to have had their refresh. */
const PUBLISHED_BEFORE = "2026-09-16T12:00:00.000Z";

const video = (id: string, published_at: string): ContentRecord => ({
  platform: "tiktok",
  arena: "social_media",
  platform_id: id,
  content_type: "video",
  text_content: "#klima",
  title: null,
  url: null,
  language: "da",
  published_at,
  collected_at: "2026-09-17T08:00:00.000Z",
  author_platform_id: null,
  author_display_name: null,
  pseudonymized_author_id: "a".repeat(64),
  views_count: 1,
  likes_count: 0,
  shares_count: 0,
  comments_count: 0,
  engagement_score: null,
  raw_metadata: {},
  media_urls: [],
  content_hash: null,
  search_terms_matched: ["klima"],
  collection_tier: "free",
});

/** [id, published_at, checked by ID at (or null)]: what each is, for the period 2026-09-01 … and NOW. */
const VIDEOS: [string, string, string | null][] = [
  ["7400000000000000001", "2026-09-02T10:00:00.000Z", "2026-09-13T00:00:00.000Z"], // 10.6 days: refreshed
  ["7400000000000000002", "2026-09-02T11:00:00.000Z", null], // never checked
  ["7400000000000000003", "2026-09-16T06:00:00.000Z", "2026-09-27T00:00:00.000Z"], // the partial last day, 10.75 days: refreshed
  ["7400000000000000004", "2026-09-16T18:00:00.000Z", "2026-09-27T00:00:00.000Z"], // too young for the share
  ["7400000000000000005", "2026-08-31T23:00:00.000Z", "2026-09-11T00:00:00.000Z"], // before the period
  ["7400000000000000006", "2026-09-05T00:00:00.000Z", "2026-09-25T00:00:00.000Z"], // checked at 20 days: too late
];

describe("the refresh share (refreshed at 10–15 days) over a period", () => {
  let dir: string;
  let store: RecordStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "refresh-share-"));
    store = await openStore(join(dir, "study"));
    await PostgresSchedulerStore.open(store);
    await store.write(
      "content",
      VIDEOS.map(([id, published]) => video(id, published)),
      { runId: "run-1" },
    );
    for (const [id, , checked] of VIDEOS) {
      if (checked)
        await store.recordRefresh("tiktok", [], [id], { runId: "refresh", at: Date.parse(checked) });
    }
  });
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("sums the store's video_days and counts the partial last day: 4 videos old enough, 2 refreshed", async () => {
    // No scheduler_rechecks rows: the store's own marks (set when last_checked_at landed in the window) count.
    expect(await refreshShareQuery(store.sql, DEFAULT_RECHECK_RULES, FROM, PUBLISHED_BEFORE)).toEqual({
      eligible: 4,
      refreshed: 2,
    });
    const facts = await complianceQuery(store.sql, NOW, DEFAULT_RECHECK_RULES, FROM);
    expect([facts.refreshEligible, facts.refreshedInWindow]).toEqual([4, 2]);
    // A period that starts after the cut has nothing old enough.
    expect(await refreshShareQuery(store.sql, DEFAULT_RECHECK_RULES, "2026-09-20", PUBLISHED_BEFORE)).toEqual(
      {
        eligible: 0,
        refreshed: 0,
      },
    );
  });

  it("another window is counted per video over the scheduler's recorded rechecks", async () => {
    await store.sql.query(
      `INSERT INTO scheduler_rechecks (platform, platform_id, checked_at, kind)
       SELECT 'tiktok', id, at::timestamptz, 'refresh' FROM unnest($1::text[], $2::text[]) AS x(id, at)`,
      [VIDEOS.filter((v) => v[2]).map((v) => v[0]), VIDEOS.filter((v) => v[2]).map((v) => v[2])],
    );
    const rules = { refreshFromDays: 10, refreshToDays: 15 };
    // A window other than the store's (9.9–15 days) is counted through the rechecks: the same two.
    const viaRechecks = await refreshShareQuery(
      store.sql,
      { ...rules, refreshFromDays: 9.9 },
      FROM,
      PUBLISHED_BEFORE,
    );
    expect(viaRechecks).toEqual({ eligible: 4, refreshed: 2 });
    // From 11 days: the 10.6- and 10.75-day checks are too early.
    expect(
      await refreshShareQuery(store.sql, { ...rules, refreshFromDays: 11 }, FROM, PUBLISHED_BEFORE),
    ).toEqual({ eligible: 4, refreshed: 0 });
  });
});
