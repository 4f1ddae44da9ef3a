import { DAY_MS } from "@observatory/arena-core";

export interface RefreshItem {
  id: string;
  /** Create time (epoch ms): the record's published_at, or decoded from the ID. */
  createdMs: number;
}

export interface RefreshBatch {
  ids: string[];
  /** Inclusive start (a UTC midnight). */
  since: Date;
  /** Exclusive end: at most 30 days after `since`, never after the end of today. */
  until: Date;
}

/** video/query/ returns at most 100 videos per request. */
export const REFRESH_BATCH_SIZE = 100;
/** Window length: start_date and end_date (= until − 1 day) stay 29 days apart, within the API's 30. */
const WINDOW_DAYS = 30;
/**
 * Members' create days lie at most this many days after the batch's first: the last covered day is
 * 28 days after the start whether the API reads end_date as inclusive or exclusive, which leaves a
 * day's slack for a video published after its upload began (the ID holds the upload time).
 */
const MEMBER_SPAN_DAYS = 27;

/**
 * Groups videos for `video_id IN [...]` queries: as many IDs per request as max_count allows (100),
 * and a start/end date pair that covers every member's create date within the API's 30-day limit.
 */
export function refreshBatches(items: readonly RefreshItem[], now: number): RefreshBatch[] {
  const sorted = [...items].sort((a, b) => a.createdMs - b.createdMs);
  const endOfToday = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  const batches: RefreshBatch[] = [];
  let current: { ids: string[]; startDay: number } | undefined;
  const close = () => {
    if (!current) return;
    const since = current.startDay * DAY_MS;
    const until = Math.max(since + DAY_MS, Math.min(since + WINDOW_DAYS * DAY_MS, endOfToday));
    batches.push({ ids: current.ids, since: new Date(since), until: new Date(until) });
  };
  for (const item of sorted) {
    const day = Math.floor(item.createdMs / DAY_MS);
    if (!current || current.ids.length >= REFRESH_BATCH_SIZE || day > current.startDay + MEMBER_SPAN_DAYS) {
      close();
      current = { ids: [], startDay: day };
    }
    current.ids.push(item.id);
  }
  close();
  return batches;
}
