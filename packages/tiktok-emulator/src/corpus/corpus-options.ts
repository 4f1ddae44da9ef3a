import { parseYmd } from "../query/dates.js";

/** How big the synthetic corpus is and which year it spans. */
export interface CorpusOptions {
  /** Number of videos (default 30,000). */
  videos?: number;
  /** First day of the corpus, "YYYY-MM-DD" or "YYYYMMDD" UTC (default 2025-11-21). */
  start?: string;
  /** Last day of the corpus, inclusive (default 2026-11-20). */
  end?: string;
  /** Number of creators (default videos / 10). */
  creators?: number;
  /** Accounts that only follow, like and repost (default 0.4 × videos). */
  audience?: number;
}

export interface ResolvedCorpusOptions {
  readonly videos: number;
  /** Unix seconds of 00:00 UTC on the first day. */
  readonly startSeconds: number;
  /** Unix seconds of 00:00 UTC the day after the last day (exclusive). */
  readonly endSeconds: number;
  readonly creators: number;
  readonly audience: number;
}

function day(text: string, name: string): number {
  const seconds = parseYmd(text.replaceAll("-", ""));
  if (seconds === undefined) throw new RangeError(`corpus.${name} is not a date: ${text}`);
  return seconds;
}

export function resolveCorpusOptions(options: CorpusOptions = {}): ResolvedCorpusOptions {
  const videos = options.videos ?? 30_000;
  if (!Number.isInteger(videos) || videos < 1 || videos > 2_000_000) {
    throw new RangeError("corpus.videos must be an integer between 1 and 2,000,000");
  }
  const startSeconds = day(options.start ?? "2025-11-21", "start");
  const endSeconds = day(options.end ?? "2026-11-20", "end") + 86_400;
  if (endSeconds <= startSeconds) throw new RangeError("corpus.end must not be before corpus.start");
  const creators = options.creators ?? Math.max(20, Math.round(videos / 10));
  const audience = options.audience ?? Math.max(200, Math.round(videos * 0.4));
  return { videos, startSeconds, endSeconds, creators, audience };
}
