import type { TermsQueryInput } from "@observatory/arena-core";
import { planVideoRequests } from "../paging/plan-video-requests.js";

/** What the truth helpers read from `@observatory/tiktok-emulator`'s Emulator (its corpus). */
export interface EmulatorCorpus {
  corpus: {
    videoIdsMatching(query: never, startDate: string, endDate: string): string[];
    expectedPages(query: never, startDate: string, endDate: string, maxCount: number): unknown[];
  };
}

/** IDs a complete crawl must collect: the emulator's matching, visible, live videos of every planned window (sorted). */
export function truthFor(emulator: EmulatorCorpus, input: TermsQueryInput): string[] {
  const ids = planVideoRequests(input).flatMap(({ body }) =>
    emulator.corpus.videoIdsMatching(body.query as never, body.start_date, body.end_date),
  );
  return [...new Set(ids)].sort();
}

/** Pages a fault-free crawl needs, window by window, with the collector's windows and page size. */
export function pagesPerWindow(
  emulator: EmulatorCorpus,
  input: TermsQueryInput,
  windowDays = 7,
  maxCount = 100,
): number[] {
  return planVideoRequests(input, { windowDays, maxCount }).map(
    ({ body }) =>
      emulator.corpus.expectedPages(body.query as never, body.start_date, body.end_date, maxCount).length,
  );
}

/** Pages a fault-free crawl needs in all. */
export const pagesNeeded = (
  emulator: EmulatorCorpus,
  input: TermsQueryInput,
  windowDays = 7,
  maxCount = 100,
) => pagesPerWindow(emulator, input, windowDays, maxCount).reduce((a, b) => a + b, 0);
