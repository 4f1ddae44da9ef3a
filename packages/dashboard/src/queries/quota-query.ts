import type { SqlQueryable } from "@observatory/store-postgres";
import { num } from "./sql-values.js";

/** One UTC day's research requests by purpose (collect, refresh, compliance) and in the shared ledger. */
export interface QuotaDay {
  day: string;
  byPurpose: Record<string, number>;
  /** Requests the quota ledger counted that day (research pool, every credential). */
  ledger: number;
}

/**
 * Requests per day since `from`: the scheduler's spend per purpose (`scheduler_spend`, keys without
 * a schedule suffix) and the store's quota ledger (`quota_usage`; its credential column is never read).
 */
export async function quotaQuery(sql: SqlQueryable, from: string): Promise<QuotaDay[]> {
  const [spend, ledger] = await Promise.all([
    sql.query<Record<string, unknown>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, key, requests FROM scheduler_spend
       WHERE day >= $1::date AND position(':' in key) = 0 ORDER BY day`,
      [from],
    ),
    sql.query<Record<string, unknown>>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(requests_used) AS n FROM quota_usage
       WHERE day >= $1::date AND pool = 'research' GROUP BY 1 ORDER BY 1`,
      [from],
    ),
  ]);
  const days = new Map<string, QuotaDay>();
  const at = (day: string) => {
    const d = days.get(day) ?? { day, byPurpose: {}, ledger: 0 };
    days.set(day, d);
    return d;
  };
  for (const r of spend.rows) at(String(r.day)).byPurpose[String(r.key)] = num(r.requests);
  for (const r of ledger.rows) at(String(r.day)).ledger = num(r.n);
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
