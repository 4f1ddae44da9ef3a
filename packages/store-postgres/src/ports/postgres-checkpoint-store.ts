import { type Checkpoint, type CheckpointStore, type Clock, systemClock } from "@observatory/arena-core";
import type { SqlQueryable } from "../sql/sql-client.js";

interface CheckpointRow {
  run_id: string;
  partition: string;
  cursor: string | null;
  search_id: string | null;
  done: boolean;
  pages: number;
  records: number;
  given_up: string | null;
  data: Record<string, unknown> | null;
  updated_at: string;
}

const fromRow = (row: CheckpointRow): Checkpoint => ({
  runId: row.run_id,
  partition: row.partition,
  ...(row.cursor === null ? {} : { cursor: row.cursor }),
  ...(row.search_id === null ? {} : { searchId: row.search_id }),
  done: row.done,
  pages: Number(row.pages),
  records: Number(row.records),
  ...(row.given_up === null ? {} : { givenUp: row.given_up }),
  ...(row.data === null ? {} : { data: row.data }),
  updatedAt: row.updated_at,
});

const PUT = `
INSERT INTO checkpoints (run_id, partition, cursor, search_id, done, pages, records, given_up, data, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
ON CONFLICT (run_id, partition) DO UPDATE SET
  cursor = EXCLUDED.cursor, search_id = EXCLUDED.search_id, done = EXCLUDED.done, pages = EXCLUDED.pages,
  records = EXCLUDED.records, given_up = EXCLUDED.given_up, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`;

/** A window's dates when the partition ends in "YYYY-MM-DD..YYYY-MM-DD" (the engine's window keys). */
export function windowDates(partition: string): { since: string | null; until: string | null } {
  const match = /(\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?)\.\.(\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?)$/.exec(partition);
  return match ? { since: match[1]!, until: match[2]! } : { since: null, until: null };
}

const WINDOW = `
INSERT INTO collection_windows
  (run_id, partition, window_since, window_until, status, records, pages, started_at, updated_at, finished_at, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, CASE WHEN $5 = 'done' THEN $8::timestamptz END, $9)
ON CONFLICT (run_id, partition) DO UPDATE SET
  status = EXCLUDED.status, records = EXCLUDED.records, pages = EXCLUDED.pages, updated_at = EXCLUDED.updated_at,
  started_at = COALESCE(collection_windows.started_at, EXCLUDED.started_at),
  finished_at = CASE WHEN EXCLUDED.status = 'done' THEN COALESCE(collection_windows.finished_at, EXCLUDED.updated_at) END,
  detail = EXCLUDED.detail`;

/** Writes a checkpoint and its window's coverage row (in the caller's transaction, if any). */
export async function writeCheckpoint(q: SqlQueryable, c: Checkpoint): Promise<void> {
  await q.query(PUT, [
    c.runId,
    c.partition,
    c.cursor ?? null,
    c.searchId ?? null,
    c.done,
    c.pages,
    c.records,
    c.givenUp ?? null,
    c.data === undefined ? null : JSON.stringify(c.data),
    c.updatedAt,
  ]);
  const { since, until } = windowDates(c.partition);
  const status = c.done ? "done" : c.givenUp ? "given_up" : "running";
  await q.query(WINDOW, [
    c.runId,
    c.partition,
    since,
    until,
    status,
    c.records,
    c.pages,
    c.updatedAt,
    c.givenUp ?? null,
  ]);
}

/**
 * The `CheckpointStore` port in PostgreSQL, with leases (`checkpoint_leases`): a lease is taken
 * atomically (an upsert that succeeds only when the lease is free, lapsed, or already the caller's).
 * Every put also records the window's coverage in `collection_windows`.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly #db: SqlQueryable;
  readonly #clock: Clock;

  constructor(db: SqlQueryable, options: { clock?: Clock } = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
  }

  async get(runId: string, partition: string): Promise<Checkpoint | undefined> {
    const { rows } = await this.#db.query<CheckpointRow>(
      "SELECT * FROM checkpoints WHERE run_id = $1 AND partition = $2",
      [runId, partition],
    );
    return rows[0] ? fromRow(rows[0]) : undefined;
  }

  async put(checkpoint: Checkpoint): Promise<void> {
    await writeCheckpoint(this.#db, checkpoint);
  }

  async list(runId: string): Promise<Checkpoint[]> {
    const { rows } = await this.#db.query<CheckpointRow>(
      "SELECT * FROM checkpoints WHERE run_id = $1 ORDER BY partition",
      [runId],
    );
    return rows.map(fromRow);
  }

  async deleteRun(runId: string): Promise<void> {
    await this.#db.query("DELETE FROM checkpoints WHERE run_id = $1", [runId]);
    await this.#db.query("DELETE FROM checkpoint_leases WHERE run_id = $1", [runId]);
  }

  async claim(runId: string, partition: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock.now();
    const { rows } = await this.#db.query<{ owner: string }>(
      `INSERT INTO checkpoint_leases (run_id, partition, owner, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (run_id, partition) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE checkpoint_leases.owner = EXCLUDED.owner OR checkpoint_leases.expires_at <= $5
       RETURNING owner`,
      [runId, partition, owner, new Date(now + ttlMs).toISOString(), new Date(now).toISOString()],
    );
    return rows.length === 1;
  }

  async release(runId: string, partition: string, owner: string): Promise<void> {
    await this.#db.query(
      "DELETE FROM checkpoint_leases WHERE run_id = $1 AND partition = $2 AND owner = $3",
      [runId, partition, owner],
    );
  }
}
