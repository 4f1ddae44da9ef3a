import { DAY_MS } from "./utc-day.js";

export interface DateWindow {
  /** Inclusive start (UTC). */
  since: Date;
  /** Exclusive end (UTC). */
  until: Date;
}

/**
 * Splits [since, until) into consecutive windows of at most `maxDays` days that cover the range
 * exactly and never overlap. Boundaries fall on UTC midnights where the range allows (the first and
 * last window may be partial days when since/until are not midnights).
 */
export function dateWindows(since: Date, until: Date, maxDays: number): DateWindow[] {
  if (!(maxDays > 0)) throw new RangeError(`maxDays must be > 0, got ${maxDays}`);
  const start = since.getTime();
  const end = until.getTime();
  if (!(start < end)) return [];
  const span = maxDays * DAY_MS;
  const windows: DateWindow[] = [];
  let cursor = start;
  while (cursor < end) {
    // Align the window end to a UTC midnight so windows map onto whole API dates.
    let next = Math.min(end, cursor + span);
    const aligned = Math.floor(next / DAY_MS) * DAY_MS;
    if (aligned > cursor && next !== end) next = aligned;
    windows.push({ since: new Date(cursor), until: new Date(next) });
    cursor = next;
  }
  return windows;
}

/** Splits one window into two halves on a UTC midnight, or returns it whole when it spans ≤ 1 day. */
export function splitWindow(window: DateWindow): [DateWindow, DateWindow] | [DateWindow] {
  const start = window.since.getTime();
  const end = window.until.getTime();
  const days = Math.ceil((end - start) / DAY_MS);
  if (days <= 1) return [window];
  const middle = Math.floor((start + Math.floor(days / 2) * DAY_MS) / DAY_MS) * DAY_MS;
  if (middle <= start || middle >= end) return [window];
  return [
    { since: window.since, until: new Date(middle) },
    { since: new Date(middle), until: window.until },
  ];
}

/** "2026-09-01..2026-09-08" (dates) or full ISO instants when not on midnights. */
export function formatWindow(window: DateWindow): string {
  const f = (d: Date) => (d.getTime() % DAY_MS === 0 ? d.toISOString().slice(0, 10) : d.toISOString());
  return `${f(window.since)}..${f(window.until)}`;
}
