/** Items with a Unix time, newest first, strictly decreasing. */
export interface Timed {
  readonly time: number;
}

export interface TimestampPage<T> {
  readonly items: readonly T[];
  /** The cursor to send next: one second before the last item returned. */
  readonly cursor: number;
  readonly hasMore: boolean;
}

/**
 * A page of a timestamp-cursored list (liked videos, followers, following): items "on or before"
 * `cursor`. The next cursor is the last item's time minus one, so nothing repeats.
 */
export function timestampPage<T extends Timed>(
  list: readonly T[],
  cursor: number,
  maxCount: number,
): TimestampPage<T> {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as T).time > cursor) lo = mid + 1;
    else hi = mid;
  }
  const items = list.slice(lo, lo + maxCount);
  const last = items[items.length - 1];
  return { items, cursor: last ? last.time - 1 : cursor, hasMore: lo + items.length < list.length };
}
