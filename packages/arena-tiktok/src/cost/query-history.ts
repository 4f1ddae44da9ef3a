import { DAY_MS, fingerprint, type RunShare } from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { recordHistory } from "./estimate-cost.js";

/** The cost-history key of a `collectByQuery` run: its queries, whatever their labels, dates or cap. */
export function queryShape(queries: readonly { query: unknown }[]): string {
  return `query:${fingerprint(queries.map((part) => part.query))}`;
}

/**
 * A `collectByQuery` invocation's share of its run's cost, for `estimateQueryCost`'s history. Capped
 * (`maxResults`) and sampled (`isRandom`) runs say little about a whole run's cost: not recorded.
 */
export async function recordQueryShare(
  deps: TikTokDeps,
  run: {
    runId: string;
    queries: readonly { query: unknown }[];
    since: Date;
    until: Date;
    capped: boolean;
  },
  share: RunShare,
  completed: boolean,
): Promise<void> {
  if (run.capped) return;
  const days = (run.until.getTime() - run.since.getTime()) / DAY_MS;
  const { startedAt, ...costs } = share;
  await recordHistory(
    deps.checkpoints,
    { shape: queryShape(run.queries), runId: run.runId, days, completed, ...costs },
    `${deps.workerId ?? "solo"}@${startedAt}`,
    deps.clock.now(),
  );
}
