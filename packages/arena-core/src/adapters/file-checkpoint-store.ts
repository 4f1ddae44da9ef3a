import { createHash } from "node:crypto";
import { join } from "node:path";
import type { Checkpoint, CheckpointStore } from "../ports/checkpoint-store.js";
import { type AtomicFs, defaultAtomicFs, readJsonFile, SerialQueue, writeFileAtomic } from "./atomic-file.js";

interface RunFile {
  runId: string;
  partitions: Record<string, Checkpoint>;
}

/**
 * Checkpoints in a directory, one JSON file per run, written atomically after every page, so a single
 * researcher resumes across runs (and after kill -9) with no services.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly #dir: string;
  readonly #fs: AtomicFs;
  readonly #queue = new SerialQueue();

  constructor(directory: string, options: { fs?: AtomicFs } = {}) {
    this.#dir = directory;
    this.#fs = options.fs ?? defaultAtomicFs;
  }

  #path(runId: string): string {
    const safe = runId.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80);
    const digest = createHash("sha256").update(runId).digest("hex").slice(0, 8);
    return join(this.#dir, `${safe}.${digest}.json`);
  }

  async #read(runId: string): Promise<RunFile> {
    return (await readJsonFile<RunFile>(this.#path(runId), this.#fs)) ?? { runId, partitions: {} };
  }

  get(runId: string, partition: string): Promise<Checkpoint | undefined> {
    return this.#queue.run(async () => (await this.#read(runId)).partitions[partition]);
  }

  put(checkpoint: Checkpoint): Promise<void> {
    return this.#queue.run(async () => {
      const file = await this.#read(checkpoint.runId);
      file.partitions[checkpoint.partition] = checkpoint;
      await writeFileAtomic(this.#path(checkpoint.runId), JSON.stringify(file), { fs: this.#fs });
    });
  }

  list(runId: string): Promise<Checkpoint[]> {
    return this.#queue.run(async () => Object.values((await this.#read(runId)).partitions));
  }

  deleteRun(runId: string): Promise<void> {
    return this.#queue.run(async () => {
      await this.#fs.unlink(this.#path(runId)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    });
  }
}
