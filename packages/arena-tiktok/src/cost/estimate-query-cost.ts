import { type CostEstimate, parseInput } from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { type QueryCollectionInput, queryCollectionSchema } from "../run/query-run.js";
import { estimateVideoCost } from "./estimate-cost.js";
import { queryShape } from "./query-history.js";

/**
 * `estimateCost` for `collectByQuery` (Research API query objects, one partition each): at least one
 * request per query × window (fixed windows of the collector's `windowDays`, as such a run plans
 * them); the expected figure from earlier runs of the same queries when the checkpoint store holds
 * them (see `recordQueryShare`), otherwise two pages per window, and it says which.
 */
export async function estimateQueryCost(
  deps: TikTokDeps,
  input: QueryCollectionInput,
): Promise<CostEstimate> {
  const q = parseInput(queryCollectionSchema, input, "query collection");
  return estimateVideoCost({
    partitions: q.queries.length,
    since: q.since,
    until: q.until,
    windowDays: deps.windowDays,
    ...(q.maxResults === undefined ? {} : { maxResults: q.maxResults }),
    maxCount: deps.maxCount,
    shape: queryShape(q.queries),
    checkpoints: deps.checkpoints,
    ...(deps.dailyRequests ? { dailyRequests: deps.dailyRequests } : {}),
  });
}
