import { DAY_MS, utcDay } from "@observatory/arena-core";

/** Epoch ms of a "YYYY-MM-DD" day's 00:00 UTC. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return utcDay(dayStart(day) + n * DAY_MS);
}

/** Days from `from` to `to`, both inclusive, oldest first ([] when to < from). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = dayStart(from), end = dayStart(to); t <= end; t += DAY_MS) out.push(utcDay(t));
  return out;
}
