const DAY_MS = 86_400_000;

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string =>
  utcDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);

/** Days from `from` to `to`, both inclusive (empty when to < from). */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY_MS) {
    out.push(utcDay(t));
  }
  return out;
}

/** A schedule's collectable days at `now`: since … the day before today (or `until`, exclusive). */
export function scheduleDays(s: { since: string; until: string | null }, now: number): string[] {
  const yesterday = addDays(utcDay(now), -1);
  const last = s.until && addDays(s.until, -1) < yesterday ? addDays(s.until, -1) : yesterday;
  return daysFrom(s.since, last);
}
