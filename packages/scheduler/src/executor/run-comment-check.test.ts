import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Clock,
  type ContentRecord,
  DAY_MS,
  MemoryQuotaLedger,
  reportingStream,
  type TargetStatus,
} from "@observatory/arena-core";
import type { TikTokCollector } from "@observatory/arena-tiktok";
import { openStore } from "@observatory/store-postgres";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresSchedulerStore } from "../store/postgres-scheduler-store.js";
import { planNow } from "./in-process-executor.js";
import { runJob } from "./run-job.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const T0 = Date.parse("2026-09-01T00:30:00Z");

function record(id: string, type: "video" | "comment", at: number, extra: Record<string, unknown> = {}) {
  return {
    platform: "tiktok",
    arena: "social_media",
    platform_id: id,
    content_type: type,
    text_content: `${type} ${id}`,
    title: null,
    url: null,
    language: "da",
    published_at: new Date(at - DAY_MS).toISOString(),
    collected_at: new Date(at).toISOString(),
    author_platform_id: null,
    author_display_name: null,
    pseudonymized_author_id: "a".repeat(64),
    views_count: null,
    likes_count: 1,
    shares_count: null,
    comments_count: null,
    engagement_score: null,
    raw_metadata: extra,
    media_urls: [],
    content_hash: "b".repeat(64),
    search_terms_matched: [],
    collection_tier: "free" as const,
  } as unknown as ContentRecord;
}

/** What TikTok answers now for each video's comments: the comments it still returns, or the video's status. */
type World = Map<string, { status: TargetStatus; comments: string[] }>;

function commentsArena(world: World, clock: Clock, asked: string[][]): TikTokCollector {
  return {
    collectComments: (videoIds: readonly string[]) => {
      asked.push([...videoIds]);
      return reportingStream<ContentRecord>(async function* (report) {
        for (const video of videoIds) {
          const answer = world.get(video) ?? { status: "not_found" as const, comments: [] };
          for (const id of answer.comments) {
            yield record(id, "comment", clock.now(), { video_id: video, like_count: 7 });
          }
          report.outcomes.push({ target: video, status: answer.status, records: answer.comments.length });
        }
      });
    },
  } as unknown as TikTokCollector;
}

describe("comments re-checked on their own (ToS 3.d), on the embedded store", () => {
  it("every held comment is checked at least every 15 days; the ones TikTok no longer returns are deleted and logged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sched-comments-"));
    dirs.push(dir);
    const clock = new TestClock(T0);
    const store = await PostgresSchedulerStore.open(await openStore(dir, { clock }), { clock });
    try {
      // Video v1 with comments c1, c2, c3 and video v2 with c4 (v2's list is capped at the top 1,000);
      // v3's comment c5 belongs to a video TikTok no longer has; v4's request fails.
      const comments = [
        record("c1", "comment", T0, { video_id: "v1" }),
        record("c2", "comment", T0, { video_id: "v1" }),
        record("c3", "comment", T0, { video_id: "v1" }),
        record("c4", "comment", T0, { video_id: "v2" }),
        record("c5", "comment", T0, { video_id: "v3" }),
        record("c6", "comment", T0, { video_id: "v4" }),
      ];
      await store.records.write("content", comments, { runId: "comments", source: "collect" });
      const world: World = new Map([
        ["v1", { status: "ok", comments: ["c1", "c3", "c9"] }],
        ["v2", { status: "capped", comments: [] }],
        ["v4", { status: "failed", comments: [] }],
      ]);
      const asked: string[][] = [];
      const deps = {
        store,
        clock,
        quota: new MemoryQuotaLedger({ clock }),
        shares: { dailyRequests: 1_000, reservedShare: 0.2 },
        collector: () => commentsArena(world, clock, asked),
      };
      // Fresh comments: nothing due, no job.
      expect((await planNow(store, clock)).filter((j) => j.kind === "comment-check")).toEqual([]);
      // 12 days later (the check interval) a comment-check job is planned: compliance priority.
      clock.t = T0 + 12 * DAY_MS;
      const jobs = (await planNow(store, clock)).filter((j) => j.kind === "comment-check");
      expect(jobs).toEqual([
        {
          kind: "comment-check",
          id: "comment-check.tiktok.2026-09-13",
          platform: "tiktok",
          asOf: "2026-09-13",
          priority: 1,
        },
      ]);
      const outcome = await runJob(jobs[0] as (typeof jobs)[number], deps);
      // c1, c3 returned (confirmed); c2 gone from a complete list and c5 with its video: deleted.
      expect(outcome).toEqual({ status: "done", records: 2, deleted: 2 });
      expect(asked).toEqual([["v1", "v2", "v3", "v4"]]);
      const { rows } = await store.records.sql.query<{
        platform_id: string;
        checked: boolean;
        likes: string;
      }>(
        "SELECT platform_id, last_checked_at IS NOT NULL AS checked, likes_count::text AS likes FROM comments ORDER BY 1",
      );
      expect(rows).toEqual([
        { platform_id: "c1", checked: true, likes: "1" },
        { platform_id: "c3", checked: true, likes: "1" },
        // Capped (v2) and failed (v4) lists confirm nothing and delete nothing: still due.
        { platform_id: "c4", checked: false, likes: "1" },
        { platform_id: "c6", checked: false, likes: "1" },
      ]);
      // A comment that was not held (c9) is not added by a check.
      const logged = (await store.deletions()).map((d) => [d.platformId, d.contentType, d.reason]);
      expect(logged).toEqual([
        ["c2", "comment", "not returned by the comment compliance re-query (TikTok terms 3.d)"],
        ["c5", "comment", "not returned by the comment compliance re-query (TikTok terms 3.d)"],
      ]);
      // The compliance report counts comments as held records, and the day's checks and deletions.
      const [summary] = await store.complianceSummary(clock.now(), 30);
      expect(summary).toMatchObject({
        platform: "tiktok",
        records: 4,
        oldestCheckAt: T0,
        days: [{ day: "2026-09-13", checks: 4, deletions: 2 }],
      });
      // The next day only what is still due is asked for again; the confirmed ones are not due for 12 days.
      clock.t = T0 + 13 * DAY_MS;
      world.set("v2", { status: "ok", comments: ["c4"] });
      world.set("v4", { status: "ok", comments: ["c6"] });
      const next = (await planNow(store, clock)).filter((j) => j.kind === "comment-check");
      expect(await runJob(next[0] as (typeof next)[number], deps)).toEqual({
        status: "done",
        records: 2,
        deleted: 0,
      });
      expect(asked[1]).toEqual(["v2", "v4"]);
      // Now every held comment's last check is within 15 days: the report's oldest is the day before.
      const [after] = await store.complianceSummary(clock.now(), 30);
      expect(clock.now() - (after?.oldestCheckAt as number)).toBeLessThan(15 * DAY_MS);
      expect((await planNow(store, clock)).filter((j) => j.kind === "comment-check")).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
