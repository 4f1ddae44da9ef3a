import type { Checkpoint, Clock, ContentRecord, PageCommit, Progress } from "@observatory/arena-core";
import type { RecordStore, RunWriter } from "@observatory/store-postgres";
import type { Schedule } from "../schedule/schedule.js";
import type { CollectJobStart, CollectWindowMark, CollectWriter } from "./scheduler-store.js";

/**
 * A collection job's bookkeeping, each statement a call of a server-side function (the scheduler's
 * migrations 2 and 3, `scheduler-functions.ts`: their plans are kept per connection):
 * `BEGIN_COLLECT_SQL` reads the schedule and the window's coverage, starts the run (only when the job
 * is to run) and counts its first request under its shares of the day; `TRY_SPEND_SQL` counts each
 * further request; `FINISH_COLLECT_SQL` records the run's end, its last requests and the window's
 * coverage. A one-request job: two round trips (before: about nine, then three).
 */
export const BEGIN_COLLECT_SQL =
  "SELECT * FROM scheduler_start_collect($1::text, $2::date, $3::timestamptz, $4::text, $5::timestamptz, $6::date, $7::text[], $8::bigint[], $9::text)";

/** One request's shares of the day: the keys it was counted under (a refused share is missing). */
export const TRY_SPEND_SQL =
  "SELECT key FROM scheduler_try_spend($1::date, $2::text[], $3::bigint, $4::bigint[]) AS key";

/** The run's end (its requests since the last page) and, when completed, the window's coverage. */
export const FINISH_COLLECT_SQL =
  "SELECT scheduler_finish_collect($1::text, $2::text, $3::timestamptz, $4::text, $5::bigint, $6::text, $7::text, $8::date, $9::timestamptz)";

/**
 * The collection writer of a scheduled job: pages go through the store's `RunWriter` (records and
 * checkpoint in one transaction); the requests counted since the last page and the run's end go with
 * the window's mark in one statement at `close`.
 */
export class PostgresCollectJobWriter implements CollectWriter {
  readonly #records: RecordStore;
  readonly #inner: RunWriter<"content">;
  readonly #clock: Clock;
  readonly #runId: string;
  readonly checkpoints: CollectWriter["checkpoints"];
  #requestsSeen = 0;
  #requestsSaved = 0;
  #latest: Progress | undefined;
  /** A page's records are ready (`commit`) but its checkpoint was not written yet. */
  #pending = false;
  #closed = false;

  constructor(records: RecordStore, runId: string, clock: Clock) {
    this.#records = records;
    this.#clock = clock;
    this.#runId = runId;
    this.#inner = records.runWriter({ runId, kind: "content" });
    const base = this.#inner.checkpoints;
    this.checkpoints = {
      get: (id, partition) => base.get(id, partition),
      list: (id) => base.list(id),
      deleteRun: (id) => base.deleteRun(id),
      put: async (checkpoint: Checkpoint) => {
        this.#handOverRequests();
        await base.put(checkpoint);
        this.#pending = false;
      },
    };
  }

  get stats(): { inserted: number; updated: number } {
    return this.#inner.stats;
  }

  add(record: ContentRecord): void {
    if (this.#closed) throw new Error("collect writer: add after close");
    this.#inner.add(record);
  }

  async commit(page: PageCommit): Promise<void> {
    await this.#inner.commit(page);
    this.#pending = true;
  }

  noteProgress(progress: Progress): void {
    this.#latest = progress;
    if (progress.requests > this.#requestsSeen) this.#requestsSeen = progress.requests;
  }

  /** The requests sent so far are committed with the next page (the store's writer counts them). */
  #handOverRequests(): void {
    if (this.#latest) this.#inner.noteProgress({ ...this.#latest, requests: this.#requestsSeen });
    this.#requestsSaved = this.#requestsSeen;
  }

  async close(
    status: "completed" | "paused" | "incomplete" | "failed" | "interrupted",
    detail?: string,
    window?: CollectWindowMark,
  ): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pending) {
      // Records of a page whose checkpoint never came: written as the store's writer would (rare).
      this.#handOverRequests();
      await this.#inner.flush();
    }
    const mark = status === "completed" ? window : undefined;
    await this.#records.sql.query(FINISH_COLLECT_SQL, [
      this.#runId,
      status,
      new Date(this.#clock.now()).toISOString(),
      detail ?? null,
      this.#requestsSeen - this.#requestsSaved,
      mark?.schedule ?? null,
      mark?.partition ?? null,
      mark?.day ?? null,
      mark ? new Date(mark.startedAt).toISOString() : null,
    ]);
  }
}

/** The row `BEGIN_COLLECT_SQL` returns: the schedule, its window's coverage, whether the run started. */
export interface BeginCollectRow {
  window_collected_at: unknown;
  started: number;
  /** The keys the first request was counted under: all the shares asked, or none. */
  spent: string[] | null;
}

/** Turns `BEGIN_COLLECT_SQL`'s answer into the job's start. */
export function beginCollectResult(
  schedule: Schedule | undefined,
  row: BeginCollectRow | undefined,
  writer: () => CollectWriter,
): CollectJobStart {
  if (!schedule || !row) return { run: false, note: "schedule removed" };
  if (schedule.paused) return { run: false, note: "schedule paused" };
  if (!row.started) return { run: false, note: "window already collected" };
  return { run: true, schedule, writer: writer(), prepaid: (row.spent?.length ?? 0) > 0 };
}
