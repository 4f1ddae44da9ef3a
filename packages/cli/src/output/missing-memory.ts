import { createHash } from "node:crypto";
import type { CheckpointStore } from "@observatory/arena-core";

const PARTITION = "missing";

/**
 * The videos TikTok did not return (deleted, made private) during a refresh into one `--out`, kept in
 * the state store (files or Redis) so that a continued refresh does not ask for them again.
 */
export class MissingMemory {
  readonly #store: CheckpointStore;
  readonly #runId: string;
  #ids: string[] = [];

  constructor(store: CheckpointStore, outPath: string) {
    this.#store = store;
    this.#runId = `refresh-missing:${createHash("sha256").update(outPath).digest("hex").slice(0, 16)}`;
  }

  /** What an earlier refresh into this --out found missing; a new --out forgets an older file's. */
  async load(continuing: boolean): Promise<ReadonlySet<string>> {
    if (!continuing) {
      await this.#store.deleteRun(this.#runId);
      return new Set();
    }
    const saved = await this.#store.get(this.#runId, PARTITION);
    this.#ids = Array.isArray(saved?.data?.ids) ? [...(saved.data.ids as string[])] : [];
    return new Set(this.#ids);
  }

  async add(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    this.#ids.push(...ids);
    await this.#store.put({
      runId: this.#runId,
      partition: PARTITION,
      done: false,
      pages: 0,
      records: this.#ids.length,
      data: { ids: this.#ids },
      updatedAt: new Date().toISOString(),
    });
  }
}
