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

export async function recordHistory(
  checkpoints: CheckpointStore,
  shape: string,
  run: { days: number; pages: number; requests: number; records: number },
  now: number,
): Promise<void> {
  const saved = await checkpoints.get(HISTORY_RUN_ID, shape);
  const prev = (saved?.data as HistoryEntry | undefined) ?? {
    days: 0,
    pages: 0,
    requests: 0,
    records: 0,
    runs: 0,
  };
  const next: HistoryEntry = {
    days: prev.days + run.days,
    pages: prev.pages + run.pages,
    requests: prev.requests + run.requests,
    records: prev.records + run.records,
    runs: prev.runs + 1,
  };
  await checkpoints.put({
    runId: HISTORY_RUN_ID,
    partition: shape,
    done: true,
    pages: next.pages,
    records: next.records,
    data: next as unknown as Record<string, unknown>,
    updatedAt: new Date(now).toISOString(),
  });
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
  const history = (await input.checkpoints.get(HISTORY_RUN_ID, input.shape))?.data as
    | HistoryEntry
    | undefined;
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
