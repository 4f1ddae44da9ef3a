import { dateWindows, parseInput, type TermsQueryInput, termsQuerySchema } from "@observatory/arena-core";
import { termsToVideoQueries, videoQueryBody } from "@observatory/arena-tiktok";
import { compileQuery, type Emulator } from "@observatory/tiktok-emulator";

/** IDs a complete crawl must collect: the emulator's live matches in [since, until). */
export function truthFor(emulator: Emulator, input: TermsQueryInput): string[] {
  const q = parseInput(termsQuerySchema, input, "query");
  const ids = new Set<string>();
  for (const part of termsToVideoQueries(q)) {
    const predicate = compileQuery(part.query as never, 100);
    const range = {
      startSeconds: q.since.getTime() / 1000,
      endSeconds: q.until.getTime() / 1000,
      spanDays: 0,
    };
    for (const i of emulator.corpus.matchIndices(predicate, range)) {
      const video = emulator.corpus.videos[i]!;
      if (!video.deleted) ids.add(video.id);
    }
  }
  return [...ids].sort();
}

/** Pages a fault-free crawl needs with the collector's windows (7 days) and page size (100). */
export function pagesNeeded(emulator: Emulator, input: TermsQueryInput, windowDays = 7, maxCount = 100) {
  const q = parseInput(termsQuerySchema, input, "query");
  const perWindow: number[] = [];
  for (const part of termsToVideoQueries(q)) {
    for (const window of dateWindows(q.since, q.until, windowDays)) {
      const body = videoQueryBody(
        {
          query: part.query,
          since: window.since,
          until: window.until,
          maxCount,
          dateGuard: true,
          isRandom: false,
        } as Parameters<typeof videoQueryBody>[0],
        { cursor: 0 },
      );
      perWindow.push(
        emulator.corpus.expectedPages(body.query as never, body.start_date, body.end_date, maxCount).length,
      );
    }
  }
  return perWindow;
}
