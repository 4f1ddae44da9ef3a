import type { Checkpoint } from "../ports/checkpoint-store.js";

/**
 * The checkpoint a partition (a window, a user, a snapshot) continues from: the saved one, or a new
 * one at the start. A partition given up in an earlier invocation is tried again, so its `givenUp`
 * mark is cleared (the run sets it again if it gives up again).
 */
export function partitionCheckpoint(
  saved: Checkpoint | undefined,
  runId: string,
  partition: string,
): Checkpoint {
  const checkpoint: Checkpoint = saved ?? {
    runId,
    partition,
    done: false,
    pages: 0,
    records: 0,
    updatedAt: "",
  };
  delete checkpoint.givenUp;
  return checkpoint;
}
