import { invalidParams } from "../http/api-error.js";
import type { JsonValue } from "../json/lossless.js";
import { DAY_SECONDS, parseYmd } from "./dates.js";

/** The longest span the API allows: end_date at most 30 days after start_date. */
export const MAX_RANGE_DAYS = 30;

export interface DateRange {
  /** Unix seconds, inclusive. */
  readonly startSeconds: number;
  /** Unix seconds, exclusive. */
  readonly endSeconds: number;
  /** end_date − start_date in days, as the 30-day rule counts it. */
  readonly spanDays: number;
}

function day(raw: JsonValue | undefined, name: string): number {
  if (typeof raw !== "string" && typeof raw !== "number")
    throw invalidParams(`${name} is required (YYYYMMDD)`);
  const seconds = parseYmd(String(raw));
  if (seconds === undefined) throw invalidParams(`Invalid ${name}: "${String(raw)}" is not YYYYMMDD`);
  return seconds;
}

/**
 * start_date/end_date (YYYYMMDD, UTC) → a half-open time range. With `inclusive` (the default, as
 * the official wrapper and traktok read it) end_date's whole day is searched; otherwise the range
 * stops at 00:00 of end_date. Either way end_date may be at most 30 days after start_date.
 */
export function resolveDateRange(
  start: JsonValue | undefined,
  end: JsonValue | undefined,
  inclusive: boolean,
): DateRange {
  const startSeconds = day(start, "start_date");
  const endDay = day(end, "end_date");
  const spanDays = (endDay - startSeconds) / DAY_SECONDS;
  if (spanDays < 0 || (!inclusive && spanDays === 0)) {
    throw invalidParams(`end_date must be ${inclusive ? "on or " : ""}after start_date`);
  }
  if (spanDays > MAX_RANGE_DAYS) {
    throw invalidParams(`end_date must be no more than ${MAX_RANGE_DAYS} days after start_date`);
  }
  return { startSeconds, endSeconds: inclusive ? endDay + DAY_SECONDS : endDay, spanDays };
}
