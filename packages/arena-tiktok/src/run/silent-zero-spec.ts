import { DAY_MS, type SilentZeroSpec } from "@observatory/arena-core";
import { readHistory } from "../cost/estimate-cost.js";
import type { TikTokDeps } from "../deps.js";
import { fetchVideoPage } from "../paging/video-pages.js";
import { videoQuery } from "../query/conditions.js";
import { termCondition } from "../query/terms-query.js";
import { LONGEST_REPORTED_LAG_DAYS } from "./collection-rules.js";

export interface SilentZeroInput {
  /** The run's query shape (its cost history's key). */
  shape: string;
  since: Date;
  until: Date;
  /** The canary term ("#fyp", a keyword): a query known to have matches on any day. */
  canary?: string;
}

/**
 * The silent-zero alarm of a video run (see arena-core's `judgeSilentZeros`): the records the query's
 * own history expects for the run's days (completed earlier runs of the same query shape), and the
 * canary: one request for the canary term on the range's last day that the alarm judges (the days the
 * API has surely ingested) — any video there means
 * the API answers, so empty windows are a real absence.
 */
export function silentZeroSpec(deps: TikTokDeps, input: SilentZeroInput): SilentZeroSpec {
  const days = (input.until.getTime() - input.since.getTime()) / DAY_MS;
  // Windows within the longest reported ingestion lag may be empty for want of ingestion: not judged.
  const judgedBefore = deps.clock.now() - LONGEST_REPORTED_LAG_DAYS * DAY_MS;
  const spec: SilentZeroSpec = {
    judgedBefore,
    expected: async () => {
      const history = await readHistory(deps.checkpoints, input.shape);
      if (!history || history.days <= 0) return undefined;
      return Math.round((history.records / history.days) * days);
    },
  };
  const term = input.canary;
  if (!term) return spec;
  const end = Math.min(input.until.getTime(), Math.floor(judgedBefore / DAY_MS) * DAY_MS);
  const until = new Date(Math.max(end, input.since.getTime() + DAY_MS));
  const since = new Date(until.getTime() - DAY_MS);
  spec.canaryLabel = `"${term}" on ${since.toISOString().slice(0, 10)}`;
  spec.canary = async () => {
    const page = await fetchVideoPage(
      {
        client: deps.client,
        query: videoQuery({ and: [], or: [termCondition(term)], not: [] }),
        since,
        until,
        maxCount: 10,
        fields: ["id", "create_time"],
        isRandom: false,
        dateGuard: deps.dateGuard,
        describe: `canary query ${spec.canaryLabel}`,
      },
      { cursor: 0 },
    );
    return page.videos.length;
  };
  return spec;
}
