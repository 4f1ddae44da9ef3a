import { DAY_MS, type Deferral } from "@observatory/arena-core";

/**
 * The Research API's known shifts, kept on the record so that counts collected under different rules
 * are never compared unknowingly.
 *
 * - Since 2026-02-26 (API changelog) video results also include videos that are not eligible for the
 *   For You feed: counts before and after that date are not comparable.
 * - Ingestion lag: videos reach the API days after they are posted. Reports range from about 2 days
 *   (tiktok-research-api-wrapper #2, 2025) to 8–10 days (the observatory's Python host, measured in
 *   March 2026, which re-queries the last 240 hours on every daily run). The default follows the latest
 *   evidence: 10 days.
 */
export const ELIGIBILITY_CHANGE = Date.parse("2026-02-26T00:00:00Z");
export const ELIGIBILITY_CHANGE_DAY = "2026-02-26";
export const DEFAULT_INGESTION_LAG_DAYS = 10;
/** The longest ingestion lag reported: the silent-zero alarm does not judge windows this recent. */
export const LONGEST_REPORTED_LAG_DAYS = 10;

/** `raw_metadata.collection_rules` of every video record. */
export interface CollectionRules {
  /** The API's eligibility rules when the record was collected. */
  eligibility: "pre-2026-02-26" | "since-2026-02-26";
  /** Whether the video was posted on or after the rule change (its counts belong to the new series). */
  published_since_rule_change: boolean;
  /** The ingestion lag the run assumed: windows ending later than today minus this were left for later. */
  ingestion_lag_days: number;
  /** The Research API version and host the record came from. */
  api: string;
}

/** The rules as of a collection instant (the per-record `published_since_rule_change` is added per record). */
export function collectionRulesAt(
  collectedAt: number,
  ingestionLagDays: number,
  baseUrl: string,
): Omit<CollectionRules, "published_since_rule_change"> {
  return {
    eligibility: collectedAt >= ELIGIBILITY_CHANGE ? "since-2026-02-26" : "pre-2026-02-26",
    ingestion_lag_days: ingestionLagDays,
    api: `${baseUrl}/v2/research/`,
  };
}

/** The reason windows are deferred, in the words of the evidence. */
export function ingestionLagReason(days: number): string {
  return (
    `TikTok's Research API ingests videos with a lag (reports range from 2 to 10 days; 8–10 days measured ` +
    `in March 2026), and this run assumes ${days} day(s) (--ingestion-lag-days / ingestionLagDays): ` +
    "what the API returns for those days now is not final"
  );
}

/** The deferral of a run: windows ending after now − lag wait (none with a lag of 0). */
export function ingestionDeferral(now: number, days: number): Deferral | undefined {
  if (days <= 0) return undefined;
  return { settledBefore: now - days * DAY_MS, reason: ingestionLagReason(days) };
}

/** The warning of a run whose range spans the 2026-02-26 rule change, or undefined. */
export function eligibilityWarning(since: Date, until: Date): string | undefined {
  if (since.getTime() >= ELIGIBILITY_CHANGE || until.getTime() <= ELIGIBILITY_CHANGE) return undefined;
  return (
    `the range spans ${ELIGIBILITY_CHANGE_DAY}, when TikTok changed the Research API's eligibility rules: ` +
    "since then video results also include videos not eligible for the For You feed, so counts before " +
    `and after ${ELIGIBILITY_CHANGE_DAY} are not comparable (each record's raw_metadata.collection_rules says which side it is on)`
  );
}

/** The warning of a run whose range reaches into the ingestion lag, naming the reason and what happens. */
export function ingestionLagWarning(until: Date, now: number, days: number): string | undefined {
  const lagged = Math.max(days, 2) * DAY_MS;
  if (until.getTime() <= now - lagged) return undefined;
  return days > 0
    ? `the range ends within the ingestion lag: ${ingestionLagReason(days)}. Windows ending after ` +
        `${new Date(now - days * DAY_MS).toISOString().slice(0, 10)} are left for a later run of the same command (not marked complete)`
    : "the range ends within TikTok's ingestion lag (reports range from 2 to 10 days; 8–10 days measured in March 2026) " +
        "and --ingestion-lag-days is 0: the newest videos may be missing, and the windows are marked complete all the same: re-query those days later (the scheduler's live tail does)";
}
