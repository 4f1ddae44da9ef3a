import { ConfigError, QuotaExhaustedError } from "../errors/arena-error.js";
import { nextUtcMidnight, utcDay } from "../helpers/utc-day.js";
import { type Clock, systemClock } from "../ports/clock.js";
import {
  DEFAULT_QUOTA_POOLS,
  type QuotaLedger,
  type QuotaLimits,
  type QuotaReservation,
  type QuotaState,
} from "../ports/quota-ledger.js";

export interface QuotaLedgerOptions {
  /** Limits per pool; defaults to the Research API's (research 1,000/100,000; followers 20,000/2,000,000). */
  pools?: Record<string, QuotaLimits>;
  clock?: Clock;
}

/** One pool's counters for one UTC day. JSON-safe so file and memory ledgers share it. */
export interface QuotaCounter {
  day: string;
  requests: number;
  records: number;
  exhausted: boolean;
}

/**
 * In-process ledger. Every mutation runs synchronously between awaits, so concurrent reservations in
 * one process can never exceed the limit. Subclasses persist the counters (`FileQuotaLedger`).
 */
export class MemoryQuotaLedger implements QuotaLedger {
  protected readonly counters = new Map<string, QuotaCounter>();
  protected readonly pools: Record<string, QuotaLimits>;
  protected readonly clock: Clock;

  constructor(options: QuotaLedgerOptions = {}) {
    this.pools = { ...DEFAULT_QUOTA_POOLS, ...options.pools };
    this.clock = options.clock ?? systemClock;
  }

  /** Hook for persistent subclasses; called after every change. */
  protected async persist(): Promise<void> {}
  /** Hook for persistent subclasses; called before every read. */
  protected async load(): Promise<void> {}

  protected limits(pool: string): QuotaLimits {
    const limits = this.pools[pool];
    if (!limits) {
      throw new ConfigError(
        `Unknown quota pool "${pool}"; known pools: ${Object.keys(this.pools).join(", ")}.`,
        {
          field: "pool",
        },
      );
    }
    return limits;
  }

  protected counter(credential: string, pool: string): QuotaCounter {
    const key = `${credential}\u0000${pool}`;
    const today = utcDay(this.clock.now());
    let counter = this.counters.get(key);
    if (!counter || counter.day !== today) {
      counter = { day: today, requests: 0, records: 0, exhausted: false };
      this.counters.set(key, counter);
    }
    return counter;
  }

  async reserve(credential: string, pool: string, requests = 1): Promise<QuotaReservation> {
    if (!Number.isInteger(requests) || requests < 1) {
      throw new ConfigError(`A reservation is a whole number of requests ≥ 1, got ${requests}.`, {
        field: "requests",
      });
    }
    await this.load();
    const limits = this.limits(pool);
    const counter = this.counter(credential, pool);
    if (
      counter.exhausted ||
      counter.requests + requests > limits.requests ||
      counter.records >= limits.records
    ) {
      const resumeAt = new Date(nextUtcMidnight(this.clock.now())).toISOString();
      throw new QuotaExhaustedError(
        `The ${pool} quota of credential "${credential}" is spent for ${counter.day} ` +
          `(${counter.requests}/${limits.requests} requests, ${counter.records}/${limits.records} records). ` +
          `Resume at ${resumeAt} with the same runId.`,
        { resumeAt, pool },
      );
    }
    counter.requests += requests;
    await this.persist();
    return { credential, pool, day: counter.day, requests };
  }

  async release(reservation: QuotaReservation): Promise<void> {
    await this.load();
    const counter = this.counter(reservation.credential, reservation.pool);
    if (counter.day !== reservation.day) return; // the day has turned: nothing to give back
    counter.requests = Math.max(0, counter.requests - reservation.requests);
    await this.persist();
  }

  async addRecords(reservation: QuotaReservation, records: number): Promise<void> {
    if (records <= 0) return;
    await this.load();
    const counter = this.counter(reservation.credential, reservation.pool);
    if (counter.day !== reservation.day) return;
    counter.records += records;
    await this.persist();
  }

  async markExhausted(credential: string, pool: string): Promise<void> {
    await this.load();
    this.counter(credential, pool).exhausted = true;
    await this.persist();
  }

  async state(credential: string, pool: string): Promise<QuotaState> {
    await this.load();
    const limits = this.limits(pool);
    const counter = this.counter(credential, pool);
    return {
      credential,
      pool,
      day: counter.day,
      requestsUsed: counter.requests,
      requestsLimit: limits.requests,
      recordsUsed: counter.records,
      recordsLimit: limits.records,
      resetsAt: nextUtcMidnight(this.clock.now()),
      exhausted:
        counter.exhausted || counter.requests >= limits.requests || counter.records >= limits.records,
    };
  }
}
