import { type ContentRecord, DAY_MS } from "@observatory/arena-core";

export interface RefreshWindow {
  /** Youngest age (days since published) to refresh; default 10 (counts settle in about ten days). */
  minDays?: number;
  /** Oldest age; default 15 (TikTok's terms want data refreshed within 15 days). */
  maxDays?: number;
}

type Refreshable = Pick<ContentRecord, "platform" | "content_type" | "published_at" | "raw_metadata">;

/**
 * The TikTok video records whose `published_at` is `minDays`–`maxDays` days before `now` and that
 * were not already refreshed at that age (`raw_metadata.engagement_refreshed_at`), so a host that runs
 * this daily refreshes each video once, when its counts have settled:
 *
 *     const due = selectDueForRefresh(records, Date.now());
 *     const { updated, missing } = await collector.refreshEngagement(due);
 */
export function selectDueForRefresh<T extends Refreshable>(
  records: Iterable<T>,
  now: number | Date,
  window: RefreshWindow = {},
): T[] {
  const nowMs = typeof now === "number" ? now : now.getTime();
  const min = (window.minDays ?? 10) * DAY_MS;
  const max = (window.maxDays ?? 15) * DAY_MS;
  if (!(min >= 0 && max >= min))
    throw new RangeError(`need 0 ≤ minDays ≤ maxDays, got ${min / DAY_MS}..${max / DAY_MS}`);
  const due: T[] = [];
  for (const record of records) {
    if (record.platform !== "tiktok" || record.content_type !== "video" || !record.published_at) continue;
    const published = Date.parse(record.published_at);
    const age = nowMs - published;
    if (age < min || age > max) continue;
    const refreshed = record.raw_metadata.engagement_refreshed_at;
    if (typeof refreshed === "string" && Date.parse(refreshed) - published >= min) continue;
    due.push(record);
  }
  return due;
}
