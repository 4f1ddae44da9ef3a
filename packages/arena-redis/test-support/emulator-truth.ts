import type { TermsQueryInput } from "@observatory/arena-core";
import { planVideoRequests } from "@observatory/arena-tiktok";
import type { Emulator } from "@observatory/tiktok-emulator";

/** IDs a complete crawl must collect: the emulator's live matches of every planned window. */
export function truthFor(emulator: Emulator, input: TermsQueryInput): string[] {
  const ids = planVideoRequests(input).flatMap(({ body }) =>
    emulator.corpus.videoIdsMatching(body.query as never, body.start_date, body.end_date),
  );
  return [...new Set(ids)].sort();
}

/** Pages a fault-free crawl needs per window, with the collector's windows (7 days) and page size (100). */
export function pagesNeeded(emulator: Emulator, input: TermsQueryInput, windowDays = 7, maxCount = 100) {
  return planVideoRequests(input, { windowDays, maxCount }).map(
    ({ body }) =>
      emulator.corpus.expectedPages(body.query as never, body.start_date, body.end_date, maxCount).length,
  );
}
