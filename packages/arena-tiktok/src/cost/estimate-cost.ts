import {
  type CheckpointStore,
  type CostEstimate,
  DAY_MS,
  DEFAULT_QUOTA_POOLS,
  dateWindows,
} from "@observatory/arena-core";

export const HISTORY_RUN_ID = "tiktok:history";

/** What earlier completed runs of the same query shape cost, per day of range. */
export interface HistoryEntry {
  days: number;
  pages: number;
  requests: number;
  records: number;
  runs: number;
}

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
}

/** One invocation's share of a run (a worker's, or a resumed process's). */
export interface HistoryShare {
  shape: string;
  runId: string;
  /** The run's range in days: the same in every share of one run. */
  days: number;
  pages: number;
  requests: number;
  records: number;
  /**
   * True from the invocation that completed the run; false while an invocation is under way (its share
   * so far, rewritten after each page). A run counts once one of its shares says true. (Entries without
   * it were written at completion.)
   */
  completed?: boolean;
}

/**
 * Records what this invocation of a run has spent so far, as its own entry (no read-modify-write, so
 * many workers finishing one run at once lose nothing; rewritten after each page, so an invocation that
 * is killed or paused still counts); `readHistory` adds the shares of each completed run and counts its
 * days once.
 */
export async function recordHistory(
  checkpoints: CheckpointStore,
  share: HistoryShare,
  invocation: string,
  now: number,
): Promise<void> {
  await checkpoints.put({
    runId: HISTORY_RUN_ID,
    partition: `${share.shape}|${share.runId}|${invocation}`,
    done: true,
    pages: share.pages,
    records: share.records,
    data: share as unknown as Record<string, unknown>,
    updatedAt: new Date(now).toISOString(),
  });
}

/** The completed runs of a query shape, summed: each run's days once, its shares' costs added. */
export async function readHistory(
  checkpoints: CheckpointStore,
  shape: string,
): Promise<HistoryEntry | undefined> {
  const runs = new Map<string, HistoryEntry>();
  const completed = new Set<string>();
  for (const checkpoint of await checkpoints.list(HISTORY_RUN_ID)) {
    const share = checkpoint.data as Partial<HistoryShare> | undefined;
    if (!share || share.shape !== shape || typeof share.runId !== "string") continue;
    if (share.completed !== false) completed.add(share.runId);
    const run = runs.get(share.runId) ?? {
      days: share.days ?? 0,
      pages: 0,
      requests: 0,
      records: 0,
      runs: 1,
    };
    run.pages += share.pages ?? 0;
    run.requests += share.requests ?? 0;
    run.records += share.records ?? 0;
    runs.set(share.runId, run);
  }
  // A run still under way (or abandoned) says little about what a whole run costs.
  for (const runId of runs.keys()) if (!completed.has(runId)) runs.delete(runId);
  if (runs.size === 0) return undefined;
  const total: HistoryEntry = { days: 0, pages: 0, requests: 0, records: 0, runs: runs.size };
  for (const run of runs.values()) {
    total.days += run.days;
    total.pages += run.pages;
    total.requests += run.requests;
    total.records += run.records;
  }
  return total;
}

/**
 * Requests a collection will take: at least one per partition × window; the expected figure comes
 * from earlier runs of the same query shape when the checkpoint store holds them, otherwise from
 * a rule of thumb (two pages per window), and it says which.
 */
export async function estimateVideoCost(input: EstimateInput): Promise<CostEstimate> {
  const windows = dateWindows(input.since, input.until, input.windowDays).length;
  const days = (input.until.getTime() - input.since.getTime()) / DAY_MS;
  const min = windows * input.partitions;
  const daily = input.dailyRequests ?? DEFAULT_QUOTA_POOLS.research!.requests;
  const history = await readHistory(input.checkpoints, input.shape);
  const notes: string[] = [];
  let expected: number;
  let records: number;
  let basis: CostEstimate["basis"];
  if (history && history.days > 0) {
    basis = "history";
    expected = Math.max(min, Math.ceil((history.requests / history.days) * days));
    records = Math.round((history.records / history.days) * days);
    notes.push(
      `from ${history.runs} earlier run(s) of this query covering ${Math.round(history.days)} day(s)`,
    );
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
