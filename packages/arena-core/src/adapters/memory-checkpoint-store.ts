import type { Checkpoint, CheckpointStore } from "../ports/checkpoint-store.js";
import { type Clock, systemClock } from "../ports/clock.js";

/** In-process checkpoints (lost when the process ends): the default for library use. */
export class MemoryCheckpointStore implements CheckpointStore {
  protected readonly runs = new Map<string, Map<string, Checkpoint>>();
  readonly #leases = new Map<string, { owner: string; until: number }>();
  readonly #clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  /** Leases between collectors in one process (e.g. several concurrent consumers of one run). */
  async claim(runId: string, partition: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = `${runId}\u0000${partition}`;
    const now = this.#clock.now();
    const lease = this.#leases.get(key);
    if (lease && lease.owner !== owner && lease.until > now) return false;
    this.#leases.set(key, { owner, until: now + ttlMs });
    return true;
  }

  async release(runId: string, partition: string, owner: string): Promise<void> {
    const key = `${runId}\u0000${partition}`;
    if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
  }

  async get(runId: string, partition: string): Promise<Checkpoint | undefined> {
    const found = this.runs.get(runId)?.get(partition);
    return found ? structuredClone(found) : undefined;
  }

  async put(checkpoint: Checkpoint): Promise<void> {
    let run = this.runs.get(checkpoint.runId);
    if (!run) {
      run = new Map();
      this.runs.set(checkpoint.runId, run);
    }
    run.set(checkpoint.partition, structuredClone(checkpoint));
  }

  async list(runId: string): Promise<Checkpoint[]> {
    return [...(this.runs.get(runId)?.values() ?? [])].map((c) => structuredClone(c));
  }

  async deleteRun(runId: string): Promise<void> {
    this.runs.delete(runId);
    for (const key of this.#leases.keys()) if (key.startsWith(`${runId}\u0000`)) this.#leases.delete(key);
  }
}
