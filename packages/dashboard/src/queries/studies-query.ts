import type { SqlQueryable } from "@observatory/store-postgres";
import { isoOrNull, num } from "./sql-values.js";

/** One schedule as the Studies page shows it. */
export interface StudyRow {
  name: string;
  query: unknown;
  since: string;
  until: string | null;
  paused: boolean;
  priority: number;
  dailyBudget: number | null;
  liveTailDays: number;
  /**
   * Records held that its runs first found (every content type): a sum over the store's small
   * `held_records` table (kept exact by triggers: deletions are taken away), not a count of rows.
   */
  records: number;
  /** Windows (days) collected completely. */
  windows: number;
  /** The latest run of the schedule (ISO) and how it ended. */
  lastRunAt: string | null;
  lastRunStatus: string | null;
}

/**
 * Schedules with their records, windows and last run: aggregated in SQL over the scheduler's
 * `scheduler_schedules` / `scheduler_coverage` and the store's `collection_runs` and `held_records` (a
 * scheduled run's id is its job id; its `query` names the schedule and the day).
 */
export async function studiesQuery(sql: SqlQueryable): Promise<StudyRow[]> {
  const { rows } = await sql.query<Record<string, unknown>>(
    `WITH runs AS (
       SELECT query->>'schedule' AS schedule, query->>'day' AS day, run_id, status, updated_at, records
       FROM collection_runs WHERE kind = 'schedule'),
     recs AS (SELECT runs.schedule, sum(h.records) AS n FROM runs JOIN held_records h ON h.first_run_id = runs.run_id
       GROUP BY 1),
     cov AS (SELECT schedule, count(DISTINCT day) AS n FROM scheduler_coverage GROUP BY 1),
     last AS (SELECT DISTINCT ON (schedule) schedule, updated_at, status FROM runs ORDER BY schedule, updated_at DESC)
     SELECT s.name, s.query, to_char(s.since, 'YYYY-MM-DD') AS since, to_char(s.until, 'YYYY-MM-DD') AS until,
       s.paused, s.priority, s.daily_budget, s.live_tail_days,
       COALESCE(recs.n, 0) AS records, COALESCE(cov.n, 0) AS windows, last.updated_at AS last_at, last.status AS last_status
     FROM scheduler_schedules s
     LEFT JOIN recs ON recs.schedule = s.name LEFT JOIN cov ON cov.schedule = s.name LEFT JOIN last ON last.schedule = s.name
     ORDER BY s.priority, s.name`,
  );
  return rows.map((r) => ({
    name: String(r.name),
    query: r.query,
    since: String(r.since),
    until: r.until === null ? null : String(r.until),
    paused: Boolean(r.paused),
    priority: num(r.priority),
    dailyBudget: r.daily_budget === null ? null : num(r.daily_budget),
    liveTailDays: num(r.live_tail_days),
    records: num(r.records),
    windows: num(r.windows),
    lastRunAt: isoOrNull(r.last_at),
    lastRunStatus: r.last_status === null || r.last_status === undefined ? null : String(r.last_status),
  }));
}
