import type { PageCommit, Progress } from "@observatory/arena-core";
import type { RecordStore, RunStatus, RunWriter, StoredKind } from "@observatory/store-postgres";
import { languageKey, type OutputStats, type RecordOutput } from "./record-output.js";

/**
 * A collection into the store (`--db`): the records of each page are written in the same
 * transaction as the page's checkpoint (the collector is given `checkpoints`), as upserts: a record
 * seen again updates its row, never a second one.
 */
export class DbOutput<T> implements RecordOutput<T> {
  readonly target: string;
  readonly stats: OutputStats;
  readonly resumed: boolean;
  readonly writer: RunWriter<StoredKind>;
  #pending = 0;
  #pendingLanguages: Record<string, number> = {};
  #outcome: RunStatus | undefined;

  private constructor(
    store: RecordStore,
    writer: RunWriter<StoredKind>,
    resumed: boolean,
    earlier: OutputStats,
  ) {
    this.target = store.location;
    this.writer = writer;
    this.resumed = resumed;
    this.stats = earlier;
  }

  static async open<T>(
    store: RecordStore,
    options: { runId: string; kind: StoredKind; runKind: string; platform: string; query: unknown },
  ): Promise<DbOutput<T>> {
    const earlier = await store.runs.get(options.runId);
    const languages: Record<string, number> = {};
    if (earlier && options.kind === "content") {
      const { rows } = await store.sql.query<{ language: string | null; n: number }>(
        "SELECT language, count(*)::bigint AS n FROM content_records WHERE first_run_id = $1 GROUP BY language",
        [options.runId],
      );
      for (const row of rows) languages[row.language ?? "und"] = Number(row.n);
    }
    await store.runs.start({
      runId: options.runId,
      kind: options.runKind,
      platform: options.platform,
      query: options.query,
    });
    const writer = store.runWriter({ runId: options.runId, kind: options.kind });
    return new DbOutput<T>(store, writer, earlier !== undefined, {
      written: 0,
      total: Number(earlier?.records ?? 0),
      replayed: 0,
      languages,
      dropped: {},
    });
  }

  /** The collector's checkpoint store: its `put` commits the page's records with the checkpoint. */
  get checkpoints() {
    return this.writer.checkpoints;
  }

  add(record: T): void {
    this.writer.add(record as never);
    this.#pending++;
    const language = languageKey(record);
    this.#pendingLanguages[language] = (this.#pendingLanguages[language] ?? 0) + 1;
  }

  async commit(page: PageCommit): Promise<void> {
    await this.writer.commit(page);
    this.stats.written += this.#pending;
    this.stats.total += this.#pending;
    for (const [language, n] of Object.entries(this.#pendingLanguages)) {
      this.stats.languages[language] = (this.stats.languages[language] ?? 0) + n;
    }
    for (const [language, n] of Object.entries(page.dropped ?? {})) {
      this.stats.dropped[language] = (this.stats.dropped[language] ?? 0) + n;
    }
    this.#pending = 0;
    this.#pendingLanguages = {};
  }

  noteProgress(progress: Progress): void {
    this.writer.noteProgress(progress);
  }

  /** The run's outcome, recorded in collection_runs on close. */
  setOutcome(outcome: RunStatus): void {
    this.#outcome = outcome;
  }

  async close(outcome: { completed: boolean }): Promise<void> {
    await this.writer.close(this.#outcome ?? (outcome.completed ? "completed" : "interrupted"));
  }
}

/** `--out` and `--db` together: the file (exactly once by its sidecar) and the store (by its transaction). */
export class TeeOutput<T> implements RecordOutput<T> {
  readonly target: string;
  readonly resumed: boolean;
  readonly #file: RecordOutput<T>;
  readonly #db: DbOutput<T>;

  constructor(file: RecordOutput<T>, db: DbOutput<T>) {
    this.#file = file;
    this.#db = db;
    this.target = `${file.target} and ${db.target}`;
    this.resumed = file.resumed || db.resumed;
  }

  get stats(): OutputStats {
    return this.#file.stats;
  }

  add(record: T): void {
    this.#file.add(record);
    this.#db.add(record);
  }

  async commit(page: PageCommit): Promise<void> {
    await this.#file.commit(page);
    await this.#db.commit(page);
  }

  async close(outcome: { completed: boolean }): Promise<void> {
    try {
      await this.#file.close(outcome);
    } finally {
      await this.#db.close(outcome);
    }
  }
}
