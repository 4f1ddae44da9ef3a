import type { RecheckRules } from "@observatory/scheduler";
import { LAST_CHECK_SQL, type SqlQueryable } from "@observatory/store-postgres";
import { daysFrom, utcDay } from "../study-days.js";
import { refreshShareQuery } from "./refresh-share-query.js";
import { isoOrNull, num } from "./sql-values.js";

const DAY_MS = 86_400_000;
/** When TikTok last returned the record: seen by a collection or re-queried by ID (the scheduler's rule). */
const LAST_CHECK = LAST_CHECK_SQL;

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
  /** … and those of them checked by ID (refresh or compliance) at 10–15 days of age. */
  refreshedInWindow: number;
  /** Records whose last check is older than the compliance interval (due now). */
  dueForCompliance: number;
  /** The oldest last check of any held record (ISO; null: nothing held). */
  oldestCheckAt: string | null;
  /** Held records whose last check is past the limit (15 days): ToS 3.d breaches. */
  pastLimit: number;
  days: ComplianceDayRow[];
}

/**
 * Videos whose last check is before `cut` (`inclusive`: at or before), counted on the last-check index
 * from whichever side the planner expects to be smaller: a healthy study has few old checks, a
 * neglected one few recent ones; `videos` (exact, from held_records) minus the other side is the count.
 */
async function countCheckedBefore(
  sql: SqlQueryable,
  cut: string,
  inclusive: boolean,
  videos: number,
): Promise<number> {
  const before = `${LAST_CHECK} ${inclusive ? "<=" : "<"} $1::timestamptz`;
  const after = `${LAST_CHECK} ${inclusive ? ">" : ">="} $1::timestamptz`;
  const { rows: plan } = await sql.query<Record<string, unknown>>(
    `EXPLAIN SELECT 1 FROM content_records WHERE content_type = 'video' AND ${before}`,
    [cut],
  );
  const expected = Number(/rows=(\d+)/.exec(String(Object.values(plan[0] ?? {})[0]))?.[1] ?? 0);
  const side = expected * 2 > videos ? after : before;
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT count(*) AS n FROM content_records WHERE content_type = 'video' AND ${side}`,
    [cut],
  );
  return side === before ? num(rows[0]?.n) : videos - num(rows[0]?.n);
}

/** Refresh and compliance facts at `now`, aggregated in SQL over the store's and the scheduler's tables. */
export async function complianceQuery(
  sql: SqlQueryable,
  now: number,
  rules: RecheckRules,
  from: string,
): Promise<ComplianceFacts> {
  const at = (ms: number) => new Date(ms).toISOString();
  const refreshFrom = at(now - rules.refreshToDays * DAY_MS);
  const refreshTo = at(now - rules.refreshFromDays * DAY_MS);
  // Every count here reads an index (published_at, the last check) or the store's small held_records and
  // video_days (the refresh share: one row per day of publication).
  const videos = num(
    (
      await sql.query<Record<string, unknown>>(
        "SELECT COALESCE(sum(records), 0) AS n FROM held_records WHERE content_type = 'video'",
      )
    ).rows[0]?.n,
  );
  const [dueRefresh, share, oldest, dueForCompliance, pastLimit, comments, checks, deletions] =
    await Promise.all([
      sql.query<Record<string, unknown>>(
        `SELECT count(*) AS n FROM content_records
       WHERE content_type = 'video' AND published_at >= $1::timestamptz AND published_at < $2::timestamptz
         AND (last_checked_at IS NULL OR last_checked_at < published_at + $3::interval)`,
        [refreshFrom, refreshTo, `${rules.refreshFromDays} days`],
      ),
      refreshShareQuery(sql, rules, from, refreshFrom),
      sql.query<Record<string, unknown>>(
        `SELECT ${LAST_CHECK} AS oldest FROM content_records WHERE content_type = 'video' ORDER BY ${LAST_CHECK} LIMIT 1`,
      ),
      countCheckedBefore(sql, at(now - rules.complianceEveryDays * DAY_MS), true, videos),
      countCheckedBefore(sql, at(now - rules.complianceLimitDays * DAY_MS), false, videos),
      sql.query<Record<string, unknown>>(
        `SELECT (SELECT count(*) FROM comments) AS n,
         (SELECT ${LAST_CHECK} FROM comments ORDER BY ${LAST_CHECK} LIMIT 1) AS oldest`,
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
  const c = comments.rows[0] ?? {};
  const oldestCheckAt =
    [isoOrNull(oldest.rows[0]?.oldest), isoOrNull(c.oldest)]
      .filter((v): v is string => v !== null)
      .sort()[0] ?? null;
  return {
    videos,
    comments: num(c.n),
    dueForRefresh: num(dueRefresh.rows[0]?.n),
    refreshEligible: share.eligible,
    refreshedInWindow: share.refreshed,
    dueForCompliance,
    oldestCheckAt,
    pastLimit,
    days: [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
