import { type Clock, systemClock } from "@observatory/arena-core";
import type { SqlQueryable } from "../sql/sql-client.js";

export type RunStatus = "running" | "completed" | "paused" | "incomplete" | "failed" | "interrupted";

export interface RunStart {
  runId: string;
  /** What the run collects: "terms", "actors", "comments", "profiles", "followers", "refresh", … */
  kind: string;
  platform: string;
  /** The query as given (JSON, no secrets): what a later reader needs to know what was asked. */
  query?: unknown;
}

export interface RunRow {
  run_id: string;
  kind: string;
  platform: string;
  query: unknown;
  status: RunStatus;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  records: number;
  pages: number;
  requests: number;
  detail: string | null;
}

export interface RunTotals {
  records?: number;
  pages?: number;
  requests?: number;
}

/** `collection_runs`: one row per run, its status and totals. */
export class RunRegistry {
  readonly #db: SqlQueryable;
  readonly #clock: Clock;

  constructor(db: SqlQueryable, options: { clock?: Clock } = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
  }

  #now = () => new Date(this.#clock.now()).toISOString();

  /** Records the run as running (a resumed run keeps its first start time and its totals). */
  async start(run: RunStart): Promise<void> {
    const now = this.#now();
    await this.#db.query(
      `INSERT INTO collection_runs (run_id, kind, platform, query, status, started_at, updated_at)
       VALUES ($1, $2, $3, $4::jsonb, 'running', $5, $5)
       ON CONFLICT (run_id) DO UPDATE SET status = 'running', updated_at = EXCLUDED.updated_at, finished_at = NULL,
         detail = NULL`,
      [run.runId, run.kind, run.platform, run.query === undefined ? null : JSON.stringify(run.query), now],
    );
  }

  /** Adds to the run's totals (in the caller's transaction, if any). */
  async add(runId: string, totals: RunTotals, db: SqlQueryable = this.#db): Promise<void> {
    await db.query(
      `UPDATE collection_runs SET records = records + $2, pages = pages + $3, requests = requests + $4,
         updated_at = $5 WHERE run_id = $1`,
      [runId, totals.records ?? 0, totals.pages ?? 0, totals.requests ?? 0, this.#now()],
    );
  }

  async finish(runId: string, status: RunStatus, detail?: string): Promise<void> {
    const now = this.#now();
    await this.#db.query(
      `UPDATE collection_runs SET status = $2, updated_at = $3,
         finished_at = CASE WHEN $2 = 'completed' THEN $3::timestamptz ELSE NULL END, detail = $4
       WHERE run_id = $1`,
      [runId, status, now, detail ?? null],
    );
  }

  async get(runId: string): Promise<RunRow | undefined> {
    const { rows } = await this.#db.query<RunRow>("SELECT * FROM collection_runs WHERE run_id = $1", [runId]);
    return rows[0];
  }

  async list(): Promise<RunRow[]> {
    const { rows } = await this.#db.query<RunRow>(
      "SELECT * FROM collection_runs ORDER BY started_at, run_id",
    );
    return rows;
  }
}
