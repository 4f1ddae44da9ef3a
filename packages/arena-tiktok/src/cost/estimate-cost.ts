import {
  type CheckpointStore,
  type CostEstimate,
  DAY_MS,
  DEFAULT_QUOTA_POOLS,
  dateWindows,
  type HistoryEntry,
  type HistoryShare,
  readCostHistory,
  recordCostShare,
} from "@observatory/arena-core";
import { plannedRequests } from "./planned-requests.js";

export const HISTORY_RUN_ID = "tiktok:history";

export interface EstimateInput {
  /** Queries per window ("partitions"). */
  partitions: number;
  since: Date;
  until: Date;
  windowDays: number;
  maxResults?: number;
  maxCount: number;
  shape: string;
  checkpoints: CheckpointStore;
  dailyRequests?: number;
  /** USD per 1,000 records on the medium tier (Bright Data). */
  mediumPerThousand?: number;
  /**
   * Adaptive windows: estimate with the collector's window planner (windowDays is then the maximum),
   * from what the planner itself starts the run with (its saved density and window, `PlannerHistory`).
   */
  adaptive?: { density?: number; windowDays?: number };
}

/** Records this invocation's share of a run in the cost history (see arena-core's `recordCostShare`). */
export const recordHistory = (
  checkpoints: CheckpointStore,
  share: HistoryShare,
  invocation: string,
  now: number,
) => recordCostShare(checkpoints, HISTORY_RUN_ID, share, invocation, now);

/** The completed TikTok runs of a query shape (or those under way), summed (see arena-core's `readCostHistory`). */
export const readHistory = (
  checkpoints: CheckpointStore,
  shape: string,
  which: "completed" | "under-way" = "completed",
): Promise<HistoryEntry | undefined> => readCostHistory(checkpoints, HISTORY_RUN_ID, shape, which);

/**
 * Requests a collection will take: at least one per partition × window; the expected figure comes
 * from earlier runs of the same query shape when the checkpoint store holds them, otherwise from
 * a rule of thumb (two pages per window), and it says which.
 */
export async function estimateVideoCost(input: EstimateInput): Promise<CostEstimate> {
  let windows = input.adaptive
    ? Math.ceil((input.until.getTime() - input.since.getTime()) / DAY_MS / input.windowDays)
    : dateWindows(input.since, input.until, input.windowDays).length;
  const days = (input.until.getTime() - input.since.getTime()) / DAY_MS;
  const min = windows * input.partitions;
  const daily = input.dailyRequests ?? DEFAULT_QUOTA_POOLS.research!.requests;
  const history = await readHistory(input.checkpoints, input.shape);
  const notes: string[] = [];
  let expected: number;
  let records: number;
  let basis: CostEstimate["basis"];
  const known = history && history.days > 0 ? history : undefined;
  const density = input.adaptive?.density ?? (known ? known.records / known.days : undefined);
  if (input.adaptive && density !== undefined) {
    // The windows the planner would choose at the density it starts the run from (its own history:
    // matches a day, counting a full page as 100 even when deletions left fewer records on it, from
    // the last run or the run under way; the cost history's records a day otherwise); failed requests
    // (500s) in the same proportion to pages as in the completed runs.
    basis = "history";
    const planned = plannedRequests({
      since: input.since,
      until: input.until,
      partitions: input.partitions,
      maxDays: input.windowDays,
      perPage: input.maxCount,
      density,
      ...(input.adaptive.windowDays ? { windowDays: input.adaptive.windowDays } : {}),
    });
    // Failed requests per page: of the completed runs, else of the run under way (its ratio so far).
    const ratioOf = known ?? (await readHistory(input.checkpoints, input.shape, "under-way"));
    const failures = ratioOf && ratioOf.pages > 0 ? Math.max(1, ratioOf.requests / ratioOf.pages) : 1;
    expected = Math.max(min, Math.round(planned.requests * failures));
    windows = planned.windows / input.partitions;
    records = Math.round((known ? known.records / known.days : density) * days);
    notes.push(
      known
        ? `adaptive windows planned from ${known.runs} earlier run(s) of this query covering ${Math.round(known.days)} day(s)`
        : "adaptive windows planned from the windows a run of this query has finished so far (it has not completed)",
    );
  } else if (known) {
    basis = "history";
    expected = Math.max(min, Math.ceil((known.requests / known.days) * days));
    records = Math.round((known.records / known.days) * days);
    notes.push(`from ${known.runs} earlier run(s) of this query covering ${Math.round(known.days)} day(s)`);
  } else {
    basis = "partitions";
    expected = min * 2;
    records = expected * Math.round(input.maxCount * 0.9);
    notes.push("no earlier run of this query: assumed two pages per window");
  }
  let max = Math.max(expected, min * 10);
  if (input.maxResults !== undefined) {
    const capped = min + Math.ceil(input.maxResults / (input.maxCount * 0.5));
    expected = Math.min(expected, capped);
    max = Math.min(max, capped);
    records = Math.min(records, input.maxResults);
    notes.push(`capped by maxResults ${input.maxResults}`);
  }
  expected = Math.max(expected, Math.min(min, expected));
  notes.push("failed requests (500s) also count against the quota; allow a margin");
  return {
    requests: { min: Math.min(min, expected), expected, max: Math.max(max, expected) },
    records: { expected: records },
    quotaDays: Math.ceil(expected / daily),
    money: { free: 0, medium: Math.round(records * (input.mediumPerThousand ?? 1)) / 1000 },
    basis,
    partitions: input.partitions,
    windows,
    notes,
  };
}
