import type { CheckpointStore } from "../ports/checkpoint-store.js";
import { partitionKey, type RunPlan } from "./run-plan.js";

/** Done, or split into halves that are all finished (given-up windows are not finished). */
export async function isFinished(store: CheckpointStore, runId: string, key: string): Promise<boolean> {
  return (await finishedRecords(store, runId, key)) !== undefined;
}

/**
 * The records of a finished window, its halves' included (a split window's own pages, before it was
 * split, and each half's); undefined when it, or one of its halves, is not finished.
 */
export async function finishedRecords(
  store: CheckpointStore,
  runId: string,
  key: string,
): Promise<number | undefined> {
  const checkpoint = await store.get(runId, key);
  if (!checkpoint) return undefined;
  const split = checkpoint.data?.splitInto as string[] | undefined;
  if (!split) return checkpoint.done ? checkpoint.records : undefined;
  const label = key.slice(0, key.lastIndexOf("|"));
  let records = checkpoint.records;
  for (const child of split) {
    const half = await finishedRecords(store, runId, partitionKey(label, child));
    if (half === undefined) return undefined;
    records += half;
  }
  return records;
}

/**
 * How many of the plan's windows are finished: what a run reports when it is started again after it
 * completed (all of them, unless it ended at maxResults), without a request.
 */
export async function countFinishedWindows(
  store: CheckpointStore,
  runId: string,
  plan: RunPlan,
): Promise<number> {
  let finished = 0;
  for (const part of plan.parts) {
    for (const window of part.windows) {
      if (await isFinished(store, runId, partitionKey(part.label, window))) finished++;
    }
  }
  return finished;
}
