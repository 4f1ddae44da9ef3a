import {
  type Checkpoint,
  type CheckpointStore,
  type PageCommit,
  type Progress,
  realSleep,
  type Sleep,
} from "@observatory/arena-core";
import { isConnectionLoss } from "../errors/classify-error.js";
import { PostgresCheckpointStore, writeCheckpoint } from "../ports/postgres-checkpoint-store.js";
import type { StoredKind, StoredKinds, WriteContext, WriteCounts } from "../records/stored-types.js";
import { upsertContent } from "../records/upsert-content.js";
import { upsertPlaylistEntries, upsertProfiles, upsertRelations } from "../records/upsert-others.js";
import { analyzeIfGrown, TABLES_OF_KIND } from "../schema/keep-statistics.js";
import type { SqlClient, SqlTransaction } from "../sql/sql-client.js";
import type { RunRegistry, RunStatus } from "./run-registry.js";

/** Writes a batch of one kind in the caller's transaction. */
export async function writeKind<K extends StoredKind>(
  db: SqlTransaction,
  kind: K,
  items: readonly StoredKinds[K][],
  context: WriteContext,
): Promise<WriteCounts> {
  switch (kind) {
    case "content":
      return upsertContent(db, items as readonly StoredKinds["content"][], context);
    case "profile":
      return upsertProfiles(db, items as readonly StoredKinds["profile"][], context);
    case "relation":
      return upsertRelations(db, items as readonly StoredKinds["relation"][], context);
    case "playlist_entry":
      return upsertPlaylistEntries(db, items as readonly StoredKinds["playlist_entry"][], context);
    default:
      throw new TypeError(`unknown kind ${String(kind)}`);
  }
}

export interface RunWriterStats {
  /** Rows this writer inserted (new to the database). */
  inserted: number;
  /** Rows this writer updated (already in the database: seen again). */
  updated: number;
  /** Pages committed (each with its checkpoint). */
  pages: number;
}

/**
 * A collection's writer: the records a collector yields are held until their page is committed
 * (`commit`, the collector's `beforeCheckpoint`), then written **in the same transaction as the
 * page's checkpoint** (`checkpoints.put`). A kill can never leave a page's records without its
 * checkpoint or a checkpoint without its records; a resume continues after the last committed page.
 *
 * Give the collector `writer.checkpoints` as its checkpoint store.
 */
export class RunWriter<K extends StoredKind> {
  readonly kind: K;
  readonly runId: string;
  readonly stats: RunWriterStats = { inserted: 0, updated: 0, pages: 0 };
  /** The collector's checkpoint store: `put` commits the ready records with the checkpoint. */
  readonly checkpoints: CheckpointStore;
  readonly #client: SqlClient;
  readonly #runs: RunRegistry;
  readonly #context: WriteContext;
  #yielded: StoredKinds[K][] = [];
  #ready: StoredKinds[K][] = [];
  #requestsSeen = 0;
  #requestsUnsaved = 0;
  #closed = false;
  readonly #onWriteError: (error: unknown) => Error;
  readonly #sleep: Sleep;
  readonly #attempts: number;

  constructor(
    client: SqlClient,
    runs: RunRegistry,
    options: {
      runId: string;
      kind: K;
      source?: WriteContext["source"];
      checkpoints?: PostgresCheckpointStore;
      /** Turns a failed write into the error to throw (a typed StoreWriteError). */
      onWriteError?: (error: unknown) => Error;
      /** Waits between attempts of a page's transaction after a lost connection. */
      sleep?: Sleep;
      /** Attempts of one page's transaction when the connection is lost (default 6, ~6 s in all). */
      attempts?: number;
    },
  ) {
    this.#onWriteError = options.onWriteError ?? ((error) => error as Error);
    this.#sleep = options.sleep ?? realSleep;
    this.#attempts = options.attempts ?? 6;
    this.#client = client;
    this.#runs = runs;
    this.kind = options.kind;
    this.runId = options.runId;
    this.#context = { runId: options.runId, source: options.source ?? "collect" };
    const base = options.checkpoints ?? new PostgresCheckpointStore(client);
    this.checkpoints = {
      get: (runId, partition) => base.get(runId, partition),
      list: (runId) => base.list(runId),
      deleteRun: (runId) => base.deleteRun(runId),
      claim: (runId, partition, owner, ttlMs) => base.claim(runId, partition, owner, ttlMs),
      release: (runId, partition, owner) => base.release(runId, partition, owner),
      put: (checkpoint) => this.#commitWith(checkpoint),
    };
  }

  /** A record the collector yielded (held until its page is committed). */
  add(item: StoredKinds[K]): void {
    if (this.#closed) throw new Error("RunWriter: add after close");
    this.#yielded.push(item);
  }

  /** The collector's `beforeCheckpoint`: the page's records become ready; they commit with its checkpoint. */
  async commit(_page: PageCommit): Promise<void> {
    this.#ready.push(...this.#yielded);
    this.#yielded = [];
  }

  /** The collector's `onProgress`: requests sent, counted on the run (and committed with the next page). */
  noteProgress(progress: Progress): void {
    if (progress.requests > this.#requestsSeen) {
      this.#requestsUnsaved += progress.requests - this.#requestsSeen;
      this.#requestsSeen = progress.requests;
    }
  }

  async #commitWith(checkpoint?: Checkpoint): Promise<void> {
    const items = this.#ready;
    let counts: WriteCounts = { inserted: 0, updated: 0 };
    const attempt = () =>
      this.#client.transaction(async (tx) => {
        counts = await writeKind(tx, this.kind, items, this.#context);
        if (checkpoint) await writeCheckpoint(tx, checkpoint);
        await this.#runs.add(
          this.runId,
          {
            records: counts.inserted + counts.updated,
            pages: checkpoint ? 1 : 0,
            requests: this.#requestsUnsaved,
          },
          tx,
        );
      });
    // The transaction is idempotent (upserts, the checkpoint's put): after a lost connection (a
    // restarted server) it is tried again on a fresh one; what it failed to commit was never committed.
    for (let n = 1; ; n++) {
      try {
        await attempt();
        break;
      } catch (error) {
        if (n >= this.#attempts || !isConnectionLoss(error)) throw this.#onWriteError(error);
        await this.#sleep(Math.min(200 * 2 ** (n - 1), 2_000));
      }
    }
    this.#ready = [];
    this.#requestsUnsaved = 0;
    this.stats.inserted += counts.inserted;
    this.stats.updated += counts.updated;
    if (checkpoint) this.stats.pages++;
  }

  /** Writes ready records that no checkpoint followed (a stream that ended after its last page's hook). */
  async flush(): Promise<void> {
    if (this.#ready.length || this.#requestsUnsaved) await this.#commitWith();
  }

  /**
   * Ends the run's writing: ready records are written, records of an uncommitted page are dropped
   * (a resume collects them again), and the run's status is recorded. On PGlite, which runs no
   * autovacuum, the tables it grew by more than 10 % are analysed (`analyzeIfGrown`).
   */
  async close(status: RunStatus, detail?: string): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#yielded = [];
    try {
      await this.flush();
      await analyzeIfGrown(this.#client, TABLES_OF_KIND[this.kind] ?? [], this.stats.inserted);
    } finally {
      await this.#runs.finish(this.runId, status, detail);
    }
  }
}
