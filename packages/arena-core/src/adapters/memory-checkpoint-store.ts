import type { Checkpoint, CheckpointStore } from "../ports/checkpoint-store.js";

/** In-process checkpoints (lost when the process ends): the default for library use. */
export class MemoryCheckpointStore implements CheckpointStore {
  protected readonly runs = new Map<string, Map<string, Checkpoint>>();

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
  }
}
