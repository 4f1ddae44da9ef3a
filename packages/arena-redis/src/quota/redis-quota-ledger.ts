import { randomUUID } from "node:crypto";
import {
  type Clock,
  ConfigError,
  DAY_MS,
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
import type { Redis } from "ioredis";
import { z } from "zod";
import { RedisGateway, type RedisGatewayOptions } from "../connection/redis-gateway.js";
import { type RedisKeys, redisKeys } from "../keys.js";
import {
  addRecordsScript,
  markExhaustedScript,
  releaseScript,
  reserveScript,
  stateScript,
} from "./quota-scripts.js";

/** What the ledger does when Redis lost its counters during the day (a restart without persistence, a flush). */
export type CountersLostPolicy = "pause" | "restart-count";

export interface RedisQuotaLedgerOptions extends RedisGatewayOptions {
  /** Key prefix, default `observatory:`. */
  prefix?: string;
  /** Limits per pool; defaults to arena-core's `DEFAULT_QUOTA_POOLS` (research 1,000/100,000; followers 20,000/2,000,000). */
  pools?: Record<string, QuotaLimits>;
  clock?: Clock;
  /**
   * `"pause"` (default): once a ledger notices that Redis lost the day's counters, every reservation
   * until 00:00 UTC fails with `QuotaExhaustedError` (code `quota_counters_lost`): the ledger cannot
   * know how much of the day's quota was spent, and never guesses low. `"restart-count"`: count again
   * from zero (the platform's own 429 is then the only guard against overspending).
   */
  onCountersLost?: CountersLostPolicy;
}

/** A reservation with its id: releasing or re-sending it is idempotent. */
export interface RedisQuotaReservation extends QuotaReservation {
  id: string;
}

const reserveReply = z.tuple([z.number(), z.string(), z.number(), z.number(), z.number(), z.string()]);
const stateReply = z.tuple([z.string(), z.number(), z.number(), z.number(), z.number()]);

/**
 * The quota ledger in Redis, shared by any number of processes: `reserve` is one atomic Lua script per
 * credential and pool (check and count in one step), so together they never exceed the limit. Counters
 * live in `<prefix>credential:quota:<id>:daily` (research) or `…:<id>:<pool>:daily`, expiring at the next
 * 00:00 UTC of the injected clock. Every call carries an id, so a call retried after a lost reply is
 * counted once.
 */
export class RedisQuotaLedger implements QuotaLedger {
  readonly keys: RedisKeys;
  readonly #gateway: RedisGateway;
  readonly #pools: Record<string, QuotaLimits>;
  readonly #clock: Clock;
  readonly #pauseOnLoss: boolean;
  /** The server's data epoch as this ledger last saw it; a change means Redis lost its data. */
  #epoch = "";

  constructor(redis: Redis | RedisGateway, options: RedisQuotaLedgerOptions = {}) {
    this.#gateway = redis instanceof RedisGateway ? redis : new RedisGateway(redis, options);
    this.keys = redisKeys(options.prefix);
    this.#pools = { ...DEFAULT_QUOTA_POOLS, ...options.pools };
    this.#clock = options.clock ?? systemClock;
    this.#pauseOnLoss = (options.onCountersLost ?? "pause") === "pause";
  }

  #limits(pool: string): QuotaLimits {
    const limits = this.#pools[pool];
    if (!limits) {
      throw new ConfigError(
        `Unknown quota pool "${pool}"; known pools: ${Object.keys(this.#pools).join(", ")}.`,
        {
          field: "pool",
        },
      );
    }
    return limits;
  }

  async reserve(
    credential: string,
    pool: string,
    requests = 1,
    options: { id?: string } = {},
  ): Promise<RedisQuotaReservation> {
    if (!Number.isInteger(requests) || requests < 1) {
      throw new ConfigError(`A reservation is a whole number of requests ≥ 1, got ${requests}.`, {
        field: "requests",
      });
    }
    const limits = this.#limits(pool);
    const now = this.#clock.now();
    const id = options.id ?? randomUUID();
    const raw = await this.#gateway.eval(
      "reserve quota",
      reserveScript,
      [this.keys.quota(credential, pool), this.keys.quotaEpoch, this.keys.quotaLost],
      [
        id,
        requests,
        utcDay(now),
        nextUtcMidnight(now),
        now,
        limits.requests,
        limits.records,
        this.#epoch,
        randomUUID(),
        this.#pauseOnLoss ? "1" : "0",
      ],
    );
    const [status, day, used, records, exhausted, epoch] = reserveReply.parse(raw);
    this.#epoch = epoch;
    if (status === 1) return { credential, pool, day, requests, id };
    const resumeAt = new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString();
    if (status === -1) {
      throw new QuotaExhaustedError(
        `Redis lost the quota counters of ${day} (it restarted without persistence or was flushed), so how much ` +
          `of the ${pool} quota of credential "${credential}" is spent is unknown. Reservations pause until ` +
          `${resumeAt}; resume then with the same runId. Run Redis with appendonly persistence to avoid this.`,
        { resumeAt, pool, code: "quota_counters_lost", details: { credential, day } },
      );
    }
    throw new QuotaExhaustedError(
      `The ${pool} quota of credential "${credential}" is spent for ${day} ` +
        `(${used}/${limits.requests} requests, ${records}/${limits.records} records` +
        `${exhausted ? ", the platform said the quota is spent" : ""}). Resume at ${resumeAt} with the same runId.`,
      { resumeAt, pool, details: { credential, day } },
    );
  }

  async release(reservation: QuotaReservation): Promise<void> {
    await this.#gateway.eval(
      "release quota",
      releaseScript,
      [this.keys.quota(reservation.credential, reservation.pool)],
      [reservationId(reservation), reservation.requests, reservation.day],
    );
  }

  async addRecords(reservation: QuotaReservation, records: number): Promise<void> {
    if (!(records > 0)) return;
    if (!Number.isInteger(records)) {
      throw new ConfigError(`Records are counted in whole numbers, got ${records}.`, { field: "records" });
    }
    await this.#gateway.eval(
      "count records",
      addRecordsScript,
      [this.keys.quota(reservation.credential, reservation.pool)],
      [randomUUID(), records, reservation.day],
    );
  }

  async markExhausted(credential: string, pool: string): Promise<void> {
    this.#limits(pool);
    const now = this.#clock.now();
    await this.#gateway.eval(
      "mark quota exhausted",
      markExhaustedScript,
      [this.keys.quota(credential, pool)],
      [utcDay(now), nextUtcMidnight(now), now],
    );
  }

  async state(credential: string, pool: string): Promise<QuotaState> {
    const limits = this.#limits(pool);
    const raw = await this.#gateway.eval(
      "read quota",
      stateScript,
      [this.keys.quota(credential, pool), this.keys.quotaLost],
      [utcDay(this.#clock.now())],
    );
    const [day, requests, records, exhausted, lost] = stateReply.parse(raw);
    return {
      credential,
      pool,
      day,
      requestsUsed: requests,
      requestsLimit: limits.requests,
      recordsUsed: records,
      recordsLimit: limits.records,
      resetsAt: Date.parse(`${day}T00:00:00.000Z`) + DAY_MS,
      exhausted: exhausted === 1 || lost === 1 || requests >= limits.requests || records >= limits.records,
    };
  }
}

function reservationId(reservation: QuotaReservation): string {
  const id = (reservation as Partial<RedisQuotaReservation>).id;
  return typeof id === "string" ? id : "";
}
