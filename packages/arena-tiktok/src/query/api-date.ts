import { DAY_MS } from "@observatory/arena-core";

/** A UTC instant as the API's YYYYMMDD date. */
export function toApiDate(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, "");
}

/** The API date of the last day that [since, until) touches (until exclusive). */
export function lastApiDate(until: Date): string {
  return toApiDate(new Date(until.getTime() - 1));
}

/** Whole UTC days from since's day to until's day (until exclusive), at least 1. */
export function spanDays(since: Date, until: Date): number {
  const first = Math.floor(since.getTime() / DAY_MS);
  const last = Math.floor((until.getTime() - 1) / DAY_MS);
  return last - first + 1;
}
