import { dateWindows, parseInput, type TermsQueryInput, termsQuerySchema } from "@observatory/arena-core";
import type { VideoQueryBody } from "../endpoints/video-query.js";
import { termsToVideoQueries } from "../query/terms-query.js";
import { videoQueryBody } from "./video-pages.js";

export interface PlannedVideoRequest {
  /** The partition: "terms" or "group:a+b" (see `termsToVideoQueries`). */
  label: string;
  since: Date;
  until: Date;
  /** The first request of the window, exactly as the collector sends it (cursor 0, no search_id). */
  body: VideoQueryBody;
}

export interface PlanVideoRequestsOptions {
  /** The collector's `windowDays` (default 7). */
  windowDays?: number;
  /** Records per page (default 100, the API's maximum). */
  maxCount?: number;
  /** The collector's `dateGuard` (default true). */
  dateGuard?: boolean;
}

/**
 * The first video-query request of every partition × window a terms collection sends, without sending
 * anything: for a dry run, for checking a query before spending quota, and for tests that compare a
 * collection with an emulator's ground truth. Bad input throws the same `ConfigError` as the collector.
 */
export function planVideoRequests(
  input: TermsQueryInput,
  { windowDays = 7, maxCount = 100, dateGuard = true }: PlanVideoRequestsOptions = {},
): PlannedVideoRequest[] {
  const q = parseInput(termsQuerySchema, input, "query");
  const plan: PlannedVideoRequest[] = [];
  for (const part of termsToVideoQueries(q)) {
    for (const { since, until } of dateWindows(q.since, q.until, windowDays)) {
      const body = videoQueryBody(
        { query: part.query, since, until, maxCount, dateGuard, isRandom: false },
        { cursor: 0 },
      );
      plan.push({ label: part.label, since, until, body });
    }
  }
  return plan;
}
