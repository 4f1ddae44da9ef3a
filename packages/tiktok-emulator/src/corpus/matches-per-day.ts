import type { VideoQuery } from "../query/compile.js";
import { DAY_SECONDS, formatYmd } from "../query/dates.js";
import type { Corpus } from "./corpus.js";

/**
 * The ground truth of a query's cost: how many videos the API's result sets hold (deleted ones too:
 * they take their place in the paging) on each UTC day of [since, until). Feed it to arena-core's
 * `optimalCuts` for the fewest requests any client could spend on the query.
 */
export function matchesPerDay(corpus: Corpus, query: VideoQuery, since: Date, until: Date): number[] {
  const from = Math.floor(since.getTime() / 1000 / DAY_SECONDS) * DAY_SECONDS;
  const to = Math.ceil(until.getTime() / 1000 / DAY_SECONDS) * DAY_SECONDS;
  const days = new Array<number>(Math.max(0, (to - from) / DAY_SECONDS)).fill(0);
  const inclusive = corpus.settings.endDateInclusive;
  for (let start = from; start < to; start += 30 * DAY_SECONDS) {
    const end = Math.min(to, start + 30 * DAY_SECONDS);
    const endDate = formatYmd(inclusive ? end - DAY_SECONDS : end);
    for (const video of corpus.matchVideos(query, formatYmd(start), endDate)) {
      const day = Math.floor((video.createTime - from) / DAY_SECONDS);
      if (video.createTime >= start && video.createTime < end && day >= 0 && day < days.length) days[day]!++;
    }
  }
  return days;
}
