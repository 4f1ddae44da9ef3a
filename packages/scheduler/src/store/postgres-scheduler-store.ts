import { type Clock, type ContentRecord, systemClock } from "@observatory/arena-core";
import { type RecordStore, writeKind } from "@observatory/store-postgres";
import { dayStart } from "../planner/days.js";
import type { DueCount } from "../planner/plan-due.js";
import type { RecheckCutoffs } from "../planner/recheck-rules.js";
import type { Schedule } from "../schedule/schedule.js";
import {
  BEGIN_COLLECT_SQL,
  type BeginCollectRow,
  beginCollectResult,
  PostgresCollectJobWriter,
  TRY_SPEND_SQL,
} from "./postgres-collect-job.js";
import { migrateScheduler } from "./scheduler-migrations.js";
import type {
  CollectJobStart,
  CollectWriter,
  CommentCheckOutcome,
  ComplianceSummary,
  DeletionEntry,
  FirstRequestShares,
  RecheckOutcome,
  SchedulerStore,
  VideoAudit,
} from "./scheduler-store.js";

const DAY_SQL = "to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";
/** When TikTok last returned the record: seen by a collection or re-queried by ID. */
const LAST_CHECK_SQL = "GREATEST(last_seen_at, COALESCE(last_checked_at, last_seen_at))";

interface ScheduleRow {
  name: string;
  platform: string;
  query: Schedule["query"];
  since: string;
  until: string | null;
  live_tail_days: number;
  priority: number;
  daily_budget: number | null;
  paused: boolean;
  created_at: string | Date;
}

const dayText = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function toSchedule(r: ScheduleRow): Schedule {
  return {
    name: r.name,
    platform: r.platform as "tiktok",
    query: r.query,
    since: dayText(r.since),
    until: r.until === null ? null : dayText(r.until),
    liveTailDays: Number(r.live_tail_days),
    priority: Number(r.priority),
    dailyBudget: r.daily_budget === null ? null : Number(r.daily_budget),
    paused: r.paused,
    createdAt: iso(r.created_at),
  };
}

/**
 * The scheduler's store on the observatory's database (`@observatory/store-postgres`, PGlite or a
 * server): records, snapshots, checkpoints and deletions in the store's tables; schedules, coverage,
 * the day's spend and the check counts in `scheduler_*` tables of its own.
 */
export class PostgresSchedulerStore implements SchedulerStore {
  readonly records: RecordStore;
  readonly #clock: Clock;

  private constructor(records: RecordStore, clock: Clock) {
    this.records = records;
    this.#clock = clock;
  }

  /** Wraps an open store and applies the scheduler's migrations. */
  static async open(records: RecordStore, options: { clock?: Clock } = {}): Promise<PostgresSchedulerStore> {
    await migrateScheduler(records.sql);
    return new PostgresSchedulerStore(records, options.clock ?? systemClock);
  }

  get #sql() {
    return this.records.sql;
  }

  async addSchedule(s: Schedule): Promise<"added" | "exists"> {
    const { rows } = await this.#sql.query(
      `INSERT INTO scheduler_schedules (name, platform, query, since, until, live_tail_days, priority, daily_budget, paused, created_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (name) DO NOTHING RETURNING name`,
      [
        s.name,
        s.platform,
        JSON.stringify(s.query),
        s.since,
        s.until,
        s.liveTailDays,
        s.priority,
        s.dailyBudget,
        s.paused,
        s.createdAt,
      ],
    );
    return rows.length ? "added" : "exists";
  }
  async listSchedules(): Promise<Schedule[]> {
    const { rows } = await this.#sql.query<ScheduleRow>("SELECT * FROM scheduler_schedules ORDER BY name");
    return rows.map(toSchedule);
  }
  async getSchedule(name: string): Promise<Schedule | undefined> {
    const { rows } = await this.#sql.query<ScheduleRow>("SELECT * FROM scheduler_schedules WHERE name = $1", [
      name,
    ]);
    return rows[0] && toSchedule(rows[0]);
  }
  async setPaused(name: string, paused: boolean): Promise<boolean> {
    const { rows } = await this.#sql.query(
      "UPDATE scheduler_schedules SET paused = $2 WHERE name = $1 RETURNING name",
      [name, paused],
    );
    return rows.length > 0;
  }
  async removeSchedule(name: string): Promise<boolean> {
    const { rows } = await this.#sql.query("DELETE FROM scheduler_schedules WHERE name = $1 RETURNING name", [
      name,
    ]);
    return rows.length > 0;
  }

  async coverage(): Promise<Map<string, Map<string, number>>> {
    const { rows } = await this.#sql.query<{ schedule: string; day: unknown; collected_at: unknown }>(
      "SELECT schedule, day, max(collected_at) AS collected_at FROM scheduler_coverage GROUP BY schedule, day",
    );
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      let days = out.get(r.schedule);
      if (!days) {
        days = new Map();
        out.set(r.schedule, days);
      }
      days.set(dayText(r.day), Date.parse(iso(r.collected_at)));
    }
    return out;
  }
  async windowCollectedAt(schedule: string, day: string): Promise<number | undefined> {
    const { rows } = await this.#sql.query<{ at: unknown }>(
      "SELECT max(collected_at) AS at FROM scheduler_coverage WHERE schedule = $1 AND day = $2",
      [schedule, day],
    );
    return rows[0]?.at ? Date.parse(iso(rows[0].at)) : undefined;
  }
  async markWindowCollected(
    schedule: string,
    partition: string,
    day: string,
    startedAt: number,
  ): Promise<void> {
    await this.#sql.query(
      `INSERT INTO scheduler_coverage (schedule, partition, day, collected_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (schedule, partition, day) DO UPDATE
         SET collected_at = GREATEST(scheduler_coverage.collected_at, EXCLUDED.collected_at)`,
      [schedule, partition, day, new Date(startedAt).toISOString()],
    );
  }

  async collectWriter(run: {
    runId: string;
    schedule: string;
    day: string;
    query: unknown;
  }): Promise<CollectWriter> {
    await this.records.runs.start({
      runId: run.runId,
      kind: "schedule",
      platform: "tiktok",
      query: { schedule: run.schedule, day: run.day, query: run.query },
    });
    return this.records.runWriter({ runId: run.runId, kind: "content" });
  }

  async beginCollect(job: {
    runId: string;
    schedule: string;
    day: string;
    asOf: string | null;
    prepay?: FirstRequestShares;
  }): Promise<CollectJobStart> {
    const prepay = job.prepay;
    const { rows } = await this.#sql.query<ScheduleRow & BeginCollectRow>(BEGIN_COLLECT_SQL, [
      job.schedule,
      job.day,
      job.asOf === null ? null : new Date(dayStart(job.asOf)).toISOString(),
      job.runId,
      new Date(this.#clock.now()).toISOString(),
      prepay?.day ?? null,
      prepay?.shares.map((s) => s.key) ?? [],
      prepay?.shares.map((s) => s.cap) ?? [],
      prepay?.budgetKey ?? null,
    ]);
    const row = rows[0];
    return beginCollectResult(
      row && toSchedule(row),
      row,
      () => new PostgresCollectJobWriter(this.records, job.runId, this.#clock),
    );
  }

  async #counts(where: string, params: unknown[]): Promise<DueCount[]> {
    const { rows } = await this.#sql.query<{ platform: string; day: string | null; n: unknown }>(
      `SELECT platform, ${DAY_SQL} AS day, count(*) AS n FROM content_records
       WHERE content_type = 'video' AND ${where} GROUP BY 1, 2 ORDER BY 2`,
      params,
    );
    return rows.map((r) => ({
      platform: r.platform,
      publishedDay: r.day ?? "unknown",
      records: Number(r.n),
    }));
  }
  #refreshWhere(c: RecheckCutoffs, first = 1): { where: string; params: unknown[] } {
    return {
      where: `published_at >= $${first}::timestamptz AND published_at < $${first + 1}::timestamptz
        AND (last_checked_at IS NULL OR last_checked_at < published_at + $${first + 2}::interval)`,
      params: [
        new Date(c.refreshPublishedFrom).toISOString(),
        new Date(c.refreshPublishedTo).toISOString(),
        `${c.refreshAgeMs / 1000} seconds`,
      ],
    };
  }
  async refreshDue(c: RecheckCutoffs): Promise<DueCount[]> {
    const { where, params } = this.#refreshWhere(c);
    return this.#counts(where, params);
  }
  async complianceDue(c: RecheckCutoffs): Promise<DueCount[]> {
    return this.#counts(`${LAST_CHECK_SQL} <= $1::timestamptz`, [
      new Date(c.complianceCheckedBefore).toISOString(),
    ]);
  }
  async dueRecords(
    kind: "refresh" | "compliance",
    platform: string,
    publishedFrom: string,
    publishedUntil: string,
    c: RecheckCutoffs,
  ): Promise<ContentRecord[]> {
    const due =
      kind === "refresh"
        ? this.#refreshWhere(c, 4)
        : {
            where: `${LAST_CHECK_SQL} <= $4::timestamptz`,
            params: [new Date(c.complianceCheckedBefore).toISOString()],
          };
    const unknown = publishedFrom === "unknown";
    const { rows } = await this.#sql.query<{ platform_id: string }>(
      `SELECT platform_id FROM content_records
       WHERE platform = $1 AND content_type = 'video'
         AND (CASE WHEN $2::date IS NULL THEN published_at IS NULL
              ELSE published_at >= $2::date AND published_at < $3::date END)
         AND ${due.where}
       ORDER BY published_at, platform_id`,
      [platform, unknown ? null : publishedFrom, unknown ? null : publishedUntil, ...due.params],
    );
    return this.records.recordsByIds(
      platform,
      rows.map((r) => r.platform_id),
    );
  }

  async applyRecheck(o: RecheckOutcome): Promise<void> {
    const at = new Date(o.at).toISOString();
    const reason = `not returned by the ${o.kind} re-query (TikTok terms 3.d)`;
    await this.#sql.transaction(async (tx) => {
      let deleted = 0;
      if (o.missing.length) {
        const ids = [...o.missing];
        const gone = await tx.query(
          `WITH gone AS (DELETE FROM content_records WHERE platform = $1 AND platform_id = ANY($2::text[])
             RETURNING platform, platform_id)
           INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason, run_id)
           SELECT platform, platform_id, 'content', $3, $4, $5 FROM gone RETURNING platform_id`,
          [o.platform, ids, at, reason, `${o.kind}.${at}`],
        );
        deleted = gone.rows.length;
        // A video's comments go with it.
        await tx.query(
          `WITH gone AS (DELETE FROM comments WHERE platform = $1 AND raw_metadata->>'video_id' = ANY($2::text[])
             RETURNING platform, platform_id)
           INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason, run_id)
           SELECT platform, platform_id, 'comment', $3, $4, $5 FROM gone`,
          [o.platform, ids, at, `its video was ${reason}`, `${o.kind}.${at}`],
        );
        await tx.query(
          "DELETE FROM engagement_snapshots WHERE platform = $1 AND platform_id = ANY($2::text[])",
          [o.platform, ids],
        );
      }
      if (o.updated.length) {
        await writeKind(tx, "content", o.updated, { runId: `${o.kind}.${at}`, source: "refresh" });
        await tx.query(
          "UPDATE content_records SET last_checked_at = $3 WHERE platform = $1 AND platform_id = ANY($2::text[])",
          [o.platform, o.updated.map((r) => r.platform_id), at],
        );
        // The evidence of each check by ID (the study's "refreshed once at 10–15 days").
        await tx.query(
          `INSERT INTO scheduler_rechecks (platform, platform_id, checked_at, kind)
           SELECT $1, id, $3, $4 FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING`,
          [o.platform, o.updated.map((r) => r.platform_id), at, o.kind],
        );
      }
      await tx.query(
        `INSERT INTO scheduler_checks (day, platform, kind, checks, deletions) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (day, platform, kind) DO UPDATE SET checks = scheduler_checks.checks + EXCLUDED.checks,
           deletions = scheduler_checks.deletions + EXCLUDED.deletions`,
        [at.slice(0, 10), o.platform, o.kind, o.updated.length + o.missing.length, deleted],
      );
    });
  }

  async commentsDue(c: RecheckCutoffs): Promise<{ platform: string; comments: number }[]> {
    const { rows } = await this.#sql.query<{ platform: string; n: unknown }>(
      `SELECT platform, count(*) AS n FROM comments WHERE ${LAST_CHECK_SQL} <= $1::timestamptz
       GROUP BY platform ORDER BY platform`,
      [new Date(c.complianceCheckedBefore).toISOString()],
    );
    return rows.map((r) => ({ platform: r.platform, comments: Number(r.n) }));
  }
  async dueComments(platform: string, c: RecheckCutoffs, videos: number): Promise<Map<string, string[]>> {
    const { rows } = await this.#sql.query<{ video_id: string; ids: string[] }>(
      `SELECT raw_metadata->>'video_id' AS video_id, array_agg(platform_id ORDER BY platform_id) AS ids
       FROM comments WHERE platform = $1 AND ${LAST_CHECK_SQL} <= $2::timestamptz
         AND raw_metadata->>'video_id' IS NOT NULL
       GROUP BY 1 ORDER BY min(${LAST_CHECK_SQL}), 1 LIMIT $3`,
      [platform, new Date(c.complianceCheckedBefore).toISOString(), videos],
    );
    return new Map(rows.map((r) => [r.video_id, r.ids]));
  }
  async applyCommentCheck(o: CommentCheckOutcome): Promise<void> {
    const at = new Date(o.at).toISOString();
    const runId = `comment-check.${at}`;
    await this.#sql.transaction(async (tx) => {
      let deleted = 0;
      if (o.missing.length) {
        const gone = await tx.query(
          `WITH gone AS (DELETE FROM comments WHERE platform = $1 AND platform_id = ANY($2::text[])
             RETURNING platform, platform_id)
           INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason, run_id)
           SELECT platform, platform_id, 'comment', $3, $4, $5 FROM gone RETURNING platform_id`,
          [
            o.platform,
            [...o.missing],
            at,
            "not returned by the comment compliance re-query (TikTok terms 3.d)",
            runId,
          ],
        );
        deleted = gone.rows.length;
        await tx.query(
          "DELETE FROM engagement_snapshots WHERE platform = $1 AND platform_id = ANY($2::text[])",
          [o.platform, [...o.missing]],
        );
      }
      if (o.returned.length) {
        await writeKind(tx, "content", o.returned, { runId, source: "refresh" });
        await tx.query(
          "UPDATE comments SET last_checked_at = $3 WHERE platform = $1 AND platform_id = ANY($2::text[])",
          [o.platform, o.returned.map((r) => r.platform_id), at],
        );
      }
      await tx.query(
        `INSERT INTO scheduler_checks (day, platform, kind, checks, deletions) VALUES ($1, $2, 'comment-check', $3, $4)
         ON CONFLICT (day, platform, kind) DO UPDATE SET checks = scheduler_checks.checks + EXCLUDED.checks,
           deletions = scheduler_checks.deletions + EXCLUDED.deletions`,
        [at.slice(0, 10), o.platform, o.returned.length + o.missing.length, deleted],
      );
    });
  }

  async trySpend(day: string, key: string, requests: number, cap: number | null): Promise<boolean> {
    if (cap !== null && requests > cap) return false;
    const { rows } = await this.#sql.query(
      `INSERT INTO scheduler_spend (day, key, requests) VALUES ($1, $2, $3)
       ON CONFLICT (day, key) DO UPDATE SET requests = scheduler_spend.requests + EXCLUDED.requests
       WHERE $4::bigint IS NULL OR EXCLUDED.requests <= 0 OR scheduler_spend.requests + EXCLUDED.requests <= $4::bigint
       RETURNING requests`,
      [day, key, requests, cap],
    );
    return rows.length > 0;
  }
  async trySpendShares(
    day: string,
    shares: readonly { key: string; cap: number | null }[],
    requests: number,
  ): Promise<string[]> {
    // A share whose cap is below one request's cost is refused without asking.
    const asked = shares.filter((s) => s.cap === null || requests <= s.cap);
    if (asked.length === 0) return [];
    const { rows } = await this.#sql.query<{ key: string }>(TRY_SPEND_SQL, [
      day,
      asked.map((s) => s.key),
      requests,
      asked.map((s) => s.cap),
    ]);
    return rows.map((r) => r.key);
  }
  async spend(day: string): Promise<Map<string, number>> {
    const { rows } = await this.#sql.query<{ key: string; requests: unknown }>(
      "SELECT key, requests FROM scheduler_spend WHERE day = $1 ORDER BY key",
      [day],
    );
    return new Map(rows.map((r) => [r.key, Number(r.requests)]));
  }

  async complianceSummary(_now: number, days: number): Promise<ComplianceSummary[]> {
    const held = await this.#sql.query<{ platform: string; n: unknown; oldest: unknown }>(
      `SELECT platform, count(*) AS n, min(${LAST_CHECK_SQL}) AS oldest FROM (
         SELECT platform, last_seen_at, last_checked_at FROM content_records
         UNION ALL SELECT platform, last_seen_at, last_checked_at FROM comments) held
       GROUP BY platform`,
    );
    const perDay = await this.#sql.query<{
      platform: string;
      day: unknown;
      checks: unknown;
      deletions: unknown;
    }>(
      `SELECT platform, day, sum(checks) AS checks, sum(deletions) AS deletions FROM scheduler_checks
       GROUP BY platform, day ORDER BY day DESC LIMIT $1`,
      [days * 4],
    );
    const platforms = new Set([...held.rows.map((r) => r.platform), ...perDay.rows.map((r) => r.platform)]);
    return [...platforms].sort().map((platform) => {
      const h = held.rows.find((r) => r.platform === platform);
      return {
        platform,
        records: Number(h?.n ?? 0),
        oldestCheckAt: h?.oldest ? Date.parse(iso(h.oldest)) : null,
        days: perDay.rows
          .filter((r) => r.platform === platform)
          .map((r) => ({ day: dayText(r.day), checks: Number(r.checks), deletions: Number(r.deletions) }))
          .slice(0, days)
          .reverse(),
      };
    });
  }
  async deletions(limit = 1_000_000): Promise<DeletionEntry[]> {
    const { rows } = await this.#sql.query<{
      platform: string;
      platform_id: string;
      kind: string;
      deleted_at: unknown;
      reason: string;
    }>(
      "SELECT platform, platform_id, kind, deleted_at, reason FROM deletions ORDER BY deletion_id DESC LIMIT $1",
      [limit],
    );
    return rows.reverse().map((r) => ({
      platform: r.platform,
      platformId: r.platform_id,
      contentType: r.kind,
      deletedAt: iso(r.deleted_at),
      reason: r.reason,
    }));
  }

  async auditVideos(platform: string): Promise<VideoAudit[]> {
    const { rows } = await this.#sql.query<{
      platform_id: string;
      published_at: unknown;
      last_check: unknown;
      rechecks: unknown[] | null;
    }>(
      `SELECT c.platform_id, c.published_at, ${LAST_CHECK_SQL.replaceAll("last_", "c.last_")} AS last_check,
         array_remove(array_agg(s.checked_at ORDER BY s.checked_at), NULL) AS rechecks
       FROM content_records c
       LEFT JOIN scheduler_rechecks s ON s.platform = c.platform AND s.platform_id = c.platform_id
       WHERE c.platform = $1 AND c.content_type = 'video'
       GROUP BY c.platform_id, c.published_at, c.last_seen_at, c.last_checked_at`,
      [platform],
    );
    return rows.map((r) => ({
      platformId: r.platform_id,
      publishedAt: r.published_at ? Date.parse(iso(r.published_at)) : null,
      lastCheckAt: Date.parse(iso(r.last_check)),
      rechecks: (r.rechecks ?? []).map((t) => Date.parse(iso(t))),
    }));
  }

  /** Closes the underlying store. */
  close(): Promise<void> {
    return this.records.close();
  }
}
