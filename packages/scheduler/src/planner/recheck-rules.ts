import { DAY_MS } from "@observatory/arena-core";

/** When held records are due for the engagement refresh and for the compliance check. */
export interface RecheckRules {
  /** Videos are refreshed once when this many days old (default 10) … */
  refreshFromDays: number;
  /** … and no older than this (default 15). */
  refreshToDays: number;
  /** A record is checked again once its last check is this many days old (default 12; ToS 3.d: at most 15). */
  complianceEveryDays: number;
  /** The limit the compliance report holds records to (15). */
  complianceLimitDays: number;
}

export const DEFAULT_RECHECK_RULES: Readonly<RecheckRules> = {
  refreshFromDays: 10,
  refreshToDays: 15,
  complianceEveryDays: 12,
  complianceLimitDays: 15,
};

/** The instants the store compares against at `now` (epoch ms). */
export interface RecheckCutoffs {
  /** Refresh due: published in [refreshPublishedFrom, refreshPublishedTo) and not checked since it was `refreshAgeMs` old. */
  refreshPublishedFrom: number;
  refreshPublishedTo: number;
  refreshAgeMs: number;
  /** Compliance due: last checked at or before this. */
  complianceCheckedBefore: number;
}

export function recheckCutoffs(now: number, rules: RecheckRules = DEFAULT_RECHECK_RULES): RecheckCutoffs {
  return {
    refreshPublishedFrom: now - rules.refreshToDays * DAY_MS,
    refreshPublishedTo: now - rules.refreshFromDays * DAY_MS,
    refreshAgeMs: rules.refreshFromDays * DAY_MS,
    complianceCheckedBefore: now - rules.complianceEveryDays * DAY_MS,
  };
}

/** A held record as the rules see it (epoch ms), as the store's columns hold it. */
export interface RecheckFacts {
  publishedAt: number | null;
  /** Last returned by a collection (last_seen_at). */
  lastSeenAt: number;
  /** Last re-queried by ID: refresh or compliance (last_checked_at). */
  lastCheckedAt: number | null;
}

/** The last time TikTok was asked about the record and returned it: what ToS 3.d's 15 days count from. */
export function lastCheck(r: RecheckFacts): number {
  return Math.max(r.lastSeenAt, r.lastCheckedAt ?? 0);
}

/** Refreshed "at that age": re-queried by ID once it was 10 days old (the store's own rule, `dueForRefresh`). */
export function isRefreshDue(r: RecheckFacts, c: RecheckCutoffs): boolean {
  return (
    r.publishedAt !== null &&
    r.publishedAt >= c.refreshPublishedFrom &&
    r.publishedAt < c.refreshPublishedTo &&
    (r.lastCheckedAt === null || r.lastCheckedAt < r.publishedAt + c.refreshAgeMs)
  );
}

export function isComplianceDue(r: RecheckFacts, c: RecheckCutoffs): boolean {
  return lastCheck(r) <= c.complianceCheckedBefore;
}
