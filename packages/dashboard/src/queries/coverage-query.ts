import type { SqlQueryable } from "@observatory/store-postgres";
import { num } from "./sql-values.js";

/**
 * One schedule's day: collected (windows); records — the records held that the day's runs first found
 * (the store's `held_records`, kept exact by triggers); runs that gave up.
 */
export interface CoverageDay {
  day: string;
  windows: number;
  records: number;
  /** Runs of this day that ended "failed" (given up) and their last reason. */
  failedRuns: number;
  failure: string | null;
}

/** Per schedule, per day: what the store holds (days without any row are absent). */
export async function coverageQuery(sql: SqlQueryable): Promise<Map<string, Map<string, CoverageDay>>> {
  const [cov, recs, failed] = await Promise.all([
    sql.query<Record<string, unknown>>(
      "SELECT schedule, to_char(day, 'YYYY-MM-DD') AS day, count(*) AS n FROM scheduler_coverage GROUP BY 1, 2",
    ),
    sql.query<Record<string, unknown>>(
      `SELECT r.query->>'schedule' AS schedule, r.query->>'day' AS day, sum(h.records) AS n
       FROM collection_runs r JOIN held_records h ON h.first_run_id = r.run_id
       WHERE r.kind = 'schedule' GROUP BY 1, 2`,
    ),
    sql.query<Record<string, unknown>>(
      `SELECT query->>'schedule' AS schedule, query->>'day' AS day, count(*) AS n,
         (array_agg(detail ORDER BY updated_at DESC))[1] AS detail
       FROM collection_runs WHERE kind = 'schedule' AND status = 'failed' GROUP BY 1, 2`,
    ),
  ]);
  const out = new Map<string, Map<string, CoverageDay>>();
  const at = (schedule: unknown, day: unknown): CoverageDay => {
    const s = String(schedule);
    const d = String(day);
    const days = out.get(s) ?? new Map<string, CoverageDay>();
    out.set(s, days);
    const row = days.get(d) ?? { day: d, windows: 0, records: 0, failedRuns: 0, failure: null };
    days.set(d, row);
    return row;
  };
  for (const r of cov.rows) at(r.schedule, r.day).windows = num(r.n);
  for (const r of recs.rows) at(r.schedule, r.day).records = num(r.n);
  for (const r of failed.rows) {
    const row = at(r.schedule, r.day);
    row.failedRuns = num(r.n);
    row.failure = r.detail === null || r.detail === undefined ? null : String(r.detail);
  }
  return out;
}
