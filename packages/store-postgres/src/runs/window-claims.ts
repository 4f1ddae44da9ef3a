import { type Clock, systemClock } from "@observatory/arena-core";
import { windowDates } from "../ports/postgres-checkpoint-store.js";
import type { SqlQueryable } from "../sql/sql-client.js";

export interface ClaimedWindow {
  runId: string;
  partition: string;
  since: string | null;
  until: string | null;
  owner: string;
  /** ISO-8601 UTC: the claim lapses then unless renewed (a crashed worker's window is taken over). */
  leaseExpiresAt: string;
}

export interface WindowRow {
  run_id: string;
  partition: string;
  window_since: string | null;
  window_until: string | null;
  status: "pending" | "running" | "done" | "given_up";
  records: number;
  pages: number;
  requests: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  started_at: string | null;
  updated_at: string;
  finished_at: string | null;
  detail: string | null;
}

/**
 * `collection_windows` as a work list: register a run's partitions, then any number of workers (in any
 * number of processes) claim them one at a time with `FOR UPDATE SKIP LOCKED` and an expiring lease.
 * Each partition is handed to one worker at a time; a lapsed lease is handed out again.
 */
export class WindowClaims {
  readonly #db: SqlQueryable;
  readonly #clock: Clock;

  constructor(db: SqlQueryable, options: { clock?: Clock } = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
  }

  #iso = (ms: number) => new Date(ms).toISOString();

  /** Adds the run's partitions as pending (those already there keep their state). */
  async register(runId: string, partitions: readonly string[]): Promise<number> {
    if (!partitions.length) return 0;
    const now = this.#iso(this.#clock.now());
    const rows = partitions.map((partition) => ({ partition, ...windowDates(partition) }));
    const { rows: inserted } = await this.#db.query(
      `INSERT INTO collection_windows (run_id, partition, window_since, window_until, status, updated_at)
       SELECT $1, partition, since, until, 'pending', $3
       FROM jsonb_to_recordset($2::jsonb) AS r(partition text, since timestamptz, until timestamptz)
       ON CONFLICT (run_id, partition) DO NOTHING RETURNING partition`,
      [runId, JSON.stringify(rows), now],
    );
    return inserted.length;
  }

  /** The next partition that is not done and not leased by a live worker, or undefined when none is left. */
  async claim(runId: string, owner: string, ttlMs: number): Promise<ClaimedWindow | undefined> {
    const now = this.#clock.now();
    const { rows } = await this.#db.query<WindowRow>(
      `UPDATE collection_windows w SET lease_owner = $2, lease_expires_at = $3, status = 'running',
         started_at = COALESCE(w.started_at, $4), updated_at = $4
       WHERE (w.run_id, w.partition) = (
         SELECT run_id, partition FROM collection_windows
         WHERE run_id = $1 AND status <> 'done'
           AND (lease_owner IS NULL OR lease_expires_at <= $4 OR lease_owner = $2)
         ORDER BY window_since NULLS LAST, partition
         LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING w.*`,
      [runId, owner, this.#iso(now + ttlMs), this.#iso(now)],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      runId: row.run_id,
      partition: row.partition,
      since: row.window_since,
      until: row.window_until,
      owner,
      leaseExpiresAt: row.lease_expires_at!,
    };
  }

  /** Extends a claim; false when the lease was lost (lapsed and taken by another worker). */
  async renew(runId: string, partition: string, owner: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.#db.query(
      `UPDATE collection_windows SET lease_expires_at = $4 WHERE run_id = $1 AND partition = $2 AND lease_owner = $3
       RETURNING partition`,
      [runId, partition, owner, this.#iso(this.#clock.now() + ttlMs)],
    );
    return rows.length === 1;
  }

  /** Marks a claimed partition done (only by its owner); false when the claim was lost. */
  async complete(
    runId: string,
    partition: string,
    owner: string,
    db: SqlQueryable = this.#db,
  ): Promise<boolean> {
    const now = this.#iso(this.#clock.now());
    const { rows } = await db.query(
      `UPDATE collection_windows SET status = 'done', lease_owner = NULL, lease_expires_at = NULL,
         finished_at = $4, updated_at = $4
       WHERE run_id = $1 AND partition = $2 AND lease_owner = $3 RETURNING partition`,
      [runId, partition, owner, now],
    );
    return rows.length === 1;
  }

  /** Gives a claim back undone (another worker may take it at once). */
  async release(runId: string, partition: string, owner: string, detail?: string): Promise<void> {
    await this.#db.query(
      `UPDATE collection_windows SET lease_owner = NULL, lease_expires_at = NULL,
         status = CASE WHEN status = 'done' THEN status ELSE 'pending' END, detail = COALESCE($4, detail),
         updated_at = $5
       WHERE run_id = $1 AND partition = $2 AND lease_owner = $3`,
      [runId, partition, owner, detail ?? null, this.#iso(this.#clock.now())],
    );
  }

  async list(runId: string): Promise<WindowRow[]> {
    const { rows } = await this.#db.query<WindowRow>(
      "SELECT * FROM collection_windows WHERE run_id = $1 ORDER BY window_since NULLS LAST, partition",
      [runId],
    );
    return rows;
  }
}
