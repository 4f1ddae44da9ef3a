import type { SqlClient } from "../sql/sql-client.js";

/** A process's place among the live workers of one run: a number that no other live process holds. */
export interface WorkerSlot {
  /** 0 for the first live worker of the run, 1 for the second, … */
  readonly slot: number;
  /** Gives the slot back (it is freed by itself when the process dies: the lock is its session's). */
  release(): Promise<void>;
}

/**
 * Claims the lowest free worker slot of `runId` on this database: slot `n` is the session advisory lock
 * `(hashtext('observatory-worker:' || runId), n)`, held on a connection of its own for as long as the
 * process works. Two live processes never get one slot; a process killed with `kill -9` loses its
 * session, so its resume gets the same slot back (a stable worker name: it takes over its own leases at
 * once). An embedded database is one process's: always slot 0.
 */
export async function claimWorkerSlot(
  client: SqlClient,
  runId: string,
  maxSlots = 1_024,
): Promise<WorkerSlot> {
  for (let slot = 0; slot < maxSlots; slot++) {
    const release = await client.tryHoldLock(`observatory-worker:${runId}`, slot);
    if (release) return { slot, release };
  }
  throw new Error(`More than ${maxSlots} live workers on run ${runId}: no worker slot is free.`);
}
