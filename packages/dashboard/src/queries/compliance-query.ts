import type { RecheckRules } from "@observatory/scheduler";
import type { SqlQueryable } from "@observatory/store-postgres";
import { daysFrom, utcDay } from "../study-days.js";
import { isoOrNull, num } from "./sql-values.js";

const DAY_MS = 86_400_000;
/** When TikTok last returned the record: seen by a collection or re-queried by ID (the scheduler's rule). */
const LAST_CHECK = "GREATEST(last_seen_at, COALESCE(last_checked_at, last_seen_at))";

export interface ComplianceDayRow {
  day: string;
  refreshChecks: number;
  complianceChecks: number;
  deletions: number;
}

export interface ComplianceFacts {
  /** Videos and comments held. */
  videos: number;
  comments: number;
  /** Videos published 10–15 days ago not refreshed yet. */
  dueForRefresh: number;
  /** Videos published in the period and old enough to have had their refresh (> 15 days ago) … */
  refreshEligible: number;
  /** … and those of them refreshed at 10–15 days. */
  refreshedInWindow: number;
  /** Records whose last check is older than the compliance interval (due now). */
  dueForCompliance: number;
  /** The oldest last check of any held record (ISO; null: nothing held). */
  oldestCheckAt: string | null;
  /** Held records whose last check is past the limit (15 days): ToS 3.d breaches. */
  pastLimit: number;
  days: ComplianceDayRow[];
}

/** Refresh and compliance facts at `now`, aggregated in SQL over the store's and the scheduler's tables. */
export async function complianceQuery(
  sql: SqlQueryable,
  now: number,
  rules: RecheckRules,
  from: string,
): Promise<ComplianceFacts> {
  const at = (ms: number) => new Date(ms).toISOString();
  const [held, comments, refreshed, checks, deletions] = await Promise.all([
    sql.query<Record<string, unknown>>(
      `SELECT count(*) AS videos,
         count(*) FILTER (WHERE published_at >= $1::timestamptz AND published_at < $2::timestamptz
           AND (last_checked_at IS NULL OR last_checked_at < published_at + $3::interval)) AS due_refresh,
         count(*) FILTER (WHERE published_at >= $6::date AND published_at < $1::timestamptz) AS refresh_eligible,
         count(*) FILTER (WHERE ${LAST_CHECK} <= $4::timestamptz) AS due_compliance,
         count(*) FILTER (WHERE ${LAST_CHECK} < $5::timestamptz) AS past_limit,
         min(${LAST_CHECK}) AS oldest
       FROM content_records WHERE content_type = 'video'`,
      [
        at(now - rules.refreshToDays * DAY_MS),
        at(now - rules.refreshFromDays * DAY_MS),
        `${rules.refreshFromDays} days`,
        at(now - rules.complianceEveryDays * DAY_MS),
        at(now - rules.complianceLimitDays * DAY_MS),
        from,
      ],
    ),
    sql.query<Record<string, unknown>>(`SELECT count(*) AS n, min(${LAST_CHECK}) AS oldest FROM comments`),
    sql.query<Record<string, unknown>>(
      // A semi-join over the period's videos (the published_at index), each looked up in the rechecks' key.
      `SELECT count(*) AS n FROM content_records c
       WHERE c.content_type = 'video' AND c.published_at >= $4::date AND c.published_at < $1::timestamptz
         AND EXISTS (SELECT 1 FROM scheduler_rechecks s
           WHERE s.platform = c.platform AND s.platform_id = c.platform_id AND s.kind = 'refresh'
             AND s.checked_at >= c.published_at + $2::interval AND s.checked_at <= c.published_at + $3::interval)`,
      [
        at(now - rules.refreshToDays * DAY_MS),
        `${rules.refreshFromDays} days`,
        `${rules.refreshToDays} days`,
        from,
      ],
    ),
    sql.query<Record<string, unknown>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, sum(checks) AS n FROM scheduler_checks
       WHERE day >= $1::date GROUP BY 1, 2`,
      [from],
    ),
    sql.query<Record<string, unknown>>(
      `SELECT to_char(deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n FROM deletions
       WHERE deleted_at >= $1::date GROUP BY 1`,
      [from],
    ),
  ]);
  // Every day of the period, those without a check or a deletion included (zeros, not omitted).
  const byDay = new Map<string, ComplianceDayRow>(
    daysFrom(from, utcDay(now)).map((d) => [
      d,
      { day: d, refreshChecks: 0, complianceChecks: 0, deletions: 0 },
    ]),
  );
  const day = (d: unknown) => {
    const k = String(d);
    const row = byDay.get(k) ?? { day: k, refreshChecks: 0, complianceChecks: 0, deletions: 0 };
    byDay.set(k, row);
    return row;
  };
  for (const r of checks.rows) {
    if (r.kind === "refresh") day(r.day).refreshChecks += num(r.n);
    else day(r.day).complianceChecks += num(r.n);
  }
  for (const r of deletions.rows) day(r.day).deletions += num(r.n);
  const h = held.rows[0] ?? {};
  const c = comments.rows[0] ?? {};
  const oldest =
    [isoOrNull(h.oldest), isoOrNull(c.oldest)].filter((v): v is string => v !== null).sort()[0] ?? null;
  return {
    videos: num(h.videos),
    comments: num(c.n),
    dueForRefresh: num(h.due_refresh),
    refreshEligible: num(h.refresh_eligible),
    refreshedInWindow: num(refreshed.rows[0]?.n),
    dueForCompliance: num(h.due_compliance),
    oldestCheckAt: oldest,
    pastLimit: num(h.past_limit),
    days: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
