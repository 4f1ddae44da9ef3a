import {
  type Clock,
  ConfigError,
  DEFAULT_QUOTA_POOLS,
  nextUtcMidnight,
  QuotaExhaustedError,
  type QuotaLedger,
  type QuotaLimits,
  type QuotaReservation,
  type QuotaState,
  systemClock,
  utcDay,
} from "@observatory/arena-core";
import type { SqlQueryable } from "../sql/sql-client.js";

export interface PostgresQuotaLedgerOptions {
  /** Limits per pool; defaults to the Research API's. */
  pools?: Record<string, QuotaLimits>;
  clock?: Clock;
}

interface UsageRow {
  requests_used: number;
  records_used: number;
  exhausted: boolean;
}

/**
 * The quota ledger in PostgreSQL (`quota_usage`, one row per credential × pool × UTC day). A
 * reservation is one conditional upsert: the row is changed only while the sum stays within the
 * limit, so any number of processes on one database never exceed it together.
 */
export class PostgresQuotaLedger implements QuotaLedger {
  readonly #db: SqlQueryable;
  readonly #pools: Record<string, QuotaLimits>;
  readonly #clock: Clock;

  constructor(db: SqlQueryable, options: PostgresQuotaLedgerOptions = {}) {
    this.#db = db;
    this.#pools = { ...DEFAULT_QUOTA_POOLS, ...options.pools };
    this.#clock = options.clock ?? systemClock;
  }

  #limits(pool: string): QuotaLimits {
    const limits = this.#pools[pool];
    if (!limits) {
      throw new ConfigError(
        `Unknown quota pool "${pool}"; known pools: ${Object.keys(this.#pools).join(", ")}.`,
        { field: "pool" },
      );
    }
    return limits;
  }

  async #usage(credential: string, pool: string, day: string): Promise<UsageRow> {
    const { rows } = await this.#db.query<UsageRow>(
      "SELECT requests_used, records_used, exhausted FROM quota_usage WHERE credential = $1 AND pool = $2 AND day = $3",
      [credential, pool, day],
    );
    return rows[0] ?? { requests_used: 0, records_used: 0, exhausted: false };
  }

  async reserve(credential: string, pool: string, requests = 1): Promise<QuotaReservation> {
    if (!Number.isInteger(requests) || requests < 1) {
      throw new ConfigError(`A reservation is a whole number of requests ≥ 1, got ${requests}.`, {
        field: "requests",
      });
    }
    const limits = this.#limits(pool);
    const now = this.#clock.now();
    const day = utcDay(now);
    if (requests <= limits.requests) {
      const { rows } = await this.#db.query(
        `INSERT INTO quota_usage (credential, pool, day, requests_used) VALUES ($1, $2, $3, $4)
         ON CONFLICT (credential, pool, day) DO UPDATE SET requests_used = quota_usage.requests_used + EXCLUDED.requests_used
         WHERE NOT quota_usage.exhausted AND quota_usage.requests_used + EXCLUDED.requests_used <= $5
           AND quota_usage.records_used < $6
         RETURNING requests_used`,
        [credential, pool, day, requests, limits.requests, limits.records],
      );
      if (rows.length === 1) return { credential, pool, day, requests };
    }
    const usage = await this.#usage(credential, pool, day);
    const resumeAt = new Date(nextUtcMidnight(now)).toISOString();
    throw new QuotaExhaustedError(
      `The ${pool} quota of credential "${credential}" is spent for ${day} ` +
        `(${usage.requests_used}/${limits.requests} requests, ${usage.records_used}/${limits.records} records). ` +
        `Resume at ${resumeAt} with the same runId.`,
      { resumeAt, pool },
    );
  }

  async release(reservation: QuotaReservation): Promise<void> {
    await this.#db.query(
      `UPDATE quota_usage SET requests_used = GREATEST(0, requests_used - $4)
       WHERE credential = $1 AND pool = $2 AND day = $3`,
      [reservation.credential, reservation.pool, reservation.day, reservation.requests],
    );
  }

  async addRecords(reservation: QuotaReservation, records: number): Promise<void> {
    if (records <= 0) return;
    await this.#db.query(
      `UPDATE quota_usage SET records_used = records_used + $4 WHERE credential = $1 AND pool = $2 AND day = $3`,
      [reservation.credential, reservation.pool, reservation.day, records],
    );
  }

  async markExhausted(credential: string, pool: string): Promise<void> {
    this.#limits(pool);
    await this.#db.query(
      `INSERT INTO quota_usage (credential, pool, day, exhausted) VALUES ($1, $2, $3, true)
       ON CONFLICT (credential, pool, day) DO UPDATE SET exhausted = true`,
      [credential, pool, utcDay(this.#clock.now())],
    );
  }

  async state(credential: string, pool: string): Promise<QuotaState> {
    const limits = this.#limits(pool);
    const now = this.#clock.now();
    const day = utcDay(now);
    const usage = await this.#usage(credential, pool, day);
    return {
      credential,
      pool,
      day,
      requestsUsed: Number(usage.requests_used),
      requestsLimit: limits.requests,
      recordsUsed: Number(usage.records_used),
      recordsLimit: limits.records,
      resetsAt: nextUtcMidnight(now),
      exhausted:
        usage.exhausted || usage.requests_used >= limits.requests || usage.records_used >= limits.records,
    };
  }

  /** Forgets a credential's counters for today (the CLI's `quota --reset`). */
  async reset(credential: string, pool: string): Promise<void> {
    await this.#db.query("DELETE FROM quota_usage WHERE credential = $1 AND pool = $2 AND day = $3", [
      credential,
      pool,
      utcDay(this.#clock.now()),
    ]);
  }
}
