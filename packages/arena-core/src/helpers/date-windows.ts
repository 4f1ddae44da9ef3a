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
  const start = since.getTime();
  const end = until.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError("dateWindows needs two valid dates");
  // Windows are whole milliseconds: a span below 1 ms could never advance.
  const span = Math.floor(maxDays * DAY_MS);
  if (!(maxDays > 0) || span < 1) throw new RangeError(`maxDays must be > 0, got ${maxDays}`);
  if (!(start < end)) return [];
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

/**
 * Splits a window in two on the UTC midnight closest to its middle (so each half maps onto whole API
 * dates), or returns it whole when no midnight falls strictly inside it (a day or less).
 */
export function splitWindow(window: DateWindow): [DateWindow, DateWindow] | [DateWindow] {
  const start = window.since.getTime();
  const end = window.until.getTime();
  const firstMidnight = Math.floor(start / DAY_MS) * DAY_MS + DAY_MS;
  const lastMidnight = Math.ceil(end / DAY_MS) * DAY_MS - DAY_MS;
  if (firstMidnight > lastMidnight || firstMidnight >= end) return [window];
  const middle = Math.round((start + end) / 2 / DAY_MS) * DAY_MS;
  const cut = Math.min(lastMidnight, Math.max(firstMidnight, middle));
  return [
    { since: window.since, until: new Date(cut) },
    { since: new Date(cut), until: window.until },
  ];
}

/** "2026-09-01..2026-09-08" (dates) or full ISO instants when not on midnights. */
export function formatWindow(window: DateWindow): string {
  const f = (d: Date) => (d.getTime() % DAY_MS === 0 ? d.toISOString().slice(0, 10) : d.toISOString());
  return `${f(window.since)}..${f(window.until)}`;
}
