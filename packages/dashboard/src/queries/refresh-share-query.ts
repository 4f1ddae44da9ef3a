import type { RecheckRules } from "@observatory/scheduler";
import { type SqlQueryable, VIDEO_REFRESH_WINDOW_DAYS } from "@observatory/store-postgres";
import { num } from "./sql-values.js";

export interface RefreshShare {
  /** Held videos published from `from` (a UTC day) up to `publishedBefore`: old enough to have had their refresh. */
  eligible: number;
  /** Of them, those checked by ID at `refreshFromDays`–`refreshToDays` days of age. */
  refreshed: number;
}

/**
 * The refresh share over a period. With the store's window (10–15 days), whole days are summed from
 * `video_days` (kept by the store's triggers) and only the last, partial day is counted row by row;
 * other windows are counted over the period's videos and the scheduler's recorded rechecks.
 */
export async function refreshShareQuery(
  sql: SqlQueryable,
  rules: Pick<RecheckRules, "refreshFromDays" | "refreshToDays">,
  from: string,
  publishedBefore: string,
): Promise<RefreshShare> {
  const storeWindow =
    rules.refreshFromDays === VIDEO_REFRESH_WINDOW_DAYS.from &&
    rules.refreshToDays === VIDEO_REFRESH_WINDOW_DAYS.to;
  if (!storeWindow) return perVideo(sql, rules, from, publishedBefore);
  const lastDay = publishedBefore.slice(0, 10);
  const [days, partial] = await Promise.all([
    sql.query<Record<string, unknown>>(
      `SELECT COALESCE(sum(videos), 0) AS eligible, COALESCE(sum(refreshed), 0) AS refreshed FROM video_days
       WHERE day >= $1::date AND day < $2::date`,
      [from, lastDay],
    ),
    sql.query<Record<string, unknown>>(
      `SELECT count(*) AS eligible, count(v.platform_id) AS refreshed FROM content_records c
       LEFT JOIN video_refreshes v ON v.platform = c.platform AND v.platform_id = c.platform_id
       WHERE c.content_type = 'video' AND c.published_at < $3::timestamptz
         AND c.published_at >= (GREATEST($1::date, $2::date)::timestamp AT TIME ZONE 'UTC')`,
      [from, lastDay, publishedBefore],
    ),
  ]);
  return {
    eligible: num(days.rows[0]?.eligible) + num(partial.rows[0]?.eligible),
    refreshed: num(days.rows[0]?.refreshed) + num(partial.rows[0]?.refreshed),
  };
}

/** Any window: the period's videos (the published_at index) semi-joined to the scheduler's rechecks. */
async function perVideo(
  sql: SqlQueryable,
  rules: Pick<RecheckRules, "refreshFromDays" | "refreshToDays">,
  from: string,
  publishedBefore: string,
): Promise<RefreshShare> {
  const { rows } = await sql.query<Record<string, unknown>>(
    `SELECT count(*) AS eligible, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM scheduler_rechecks s
         WHERE s.platform = c.platform AND s.platform_id = c.platform_id
           AND s.checked_at >= c.published_at + $3::interval AND s.checked_at <= c.published_at + $4::interval)) AS refreshed
     FROM content_records c
     WHERE c.content_type = 'video' AND c.published_at < $2::timestamptz
       AND c.published_at >= ($1::date::timestamp AT TIME ZONE 'UTC')`,
    [from, publishedBefore, `${rules.refreshFromDays} days`, `${rules.refreshToDays} days`],
  );
  return { eligible: num(rows[0]?.eligible), refreshed: num(rows[0]?.refreshed) };
}
