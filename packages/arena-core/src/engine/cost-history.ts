import type { CheckpointStore } from "../ports/checkpoint-store.js";

/** What earlier completed runs of the same query shape cost, per day of range. */
export interface HistoryEntry {
  days: number;
  pages: number;
  requests: number;
  records: number;
  runs: number;
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
 * is killed or paused still counts); `readCostHistory` adds the shares of each completed run and counts its
 * days once.
 */
export async function recordCostShare(
  checkpoints: CheckpointStore,
  /** Where the arena keeps its history: "tiktok:history". */
  historyRunId: string,
  share: HistoryShare,
  invocation: string,
  now: number,
): Promise<void> {
  await checkpoints.put({
    runId: historyRunId,
    partition: `${share.shape}|${share.runId}|${invocation}`,
    done: true,
    pages: share.pages,
    records: share.records,
    data: share as unknown as Record<string, unknown>,
    updatedAt: new Date(now).toISOString(),
  });
}

/**
 * The completed runs of a query shape, summed: each run's days once, its shares' costs added. With
 * `which: "under-way"`, the runs not completed yet (paused, killed, or still running) instead: their
 * days are the whole range, not the part done, so only their ratios (requests ÷ pages) say much.
 */
export async function readCostHistory(
  checkpoints: CheckpointStore,
  historyRunId: string,
  shape: string,
  which: "completed" | "under-way" = "completed",
): Promise<HistoryEntry | undefined> {
  const runs = new Map<string, HistoryEntry>();
  const completed = new Set<string>();
  for (const checkpoint of await checkpoints.list(historyRunId)) {
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
  for (const runId of runs.keys()) if (completed.has(runId) !== (which === "completed")) runs.delete(runId);
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
