import {
  type Clock,
  isoUtc,
  nextUtcMidnight,
  QuotaExhaustedError,
  type QuotaLedger,
  type QuotaReservation,
  type QuotaState,
  utcDay,
} from "@observatory/arena-core";
import type { SchedulerStore } from "../store/scheduler-store.js";

/** One share of the day's quota: spend counted under `key`, at most `cap` requests (null: no cap). */
export interface SpendCap {
  key: string;
  cap: number | null;
}

/**
 * A quota ledger for one job: every request is counted under the job's purpose (and schedule) in
 * the store, and refused — as a spent quota that resumes at 00:00 UTC, not a failure — when that
 * share of the day is spent; then it is reserved in the shared ledger that keeps the platform's limit.
 * Only the `research` pool is shared out; other pools pass through.
 */
export class BudgetedQuotaLedger implements QuotaLedger {
  readonly #base: QuotaLedger;
  readonly #store: Pick<SchedulerStore, "trySpendShares">;
  readonly #caps: readonly SpendCap[];
  readonly #clock: Clock;
  /** Requests already counted under every share of `day` (by the job's start): used before asking. */
  readonly #prepaid: { day: string; requests: number };

  constructor(
    base: QuotaLedger,
    store: Pick<SchedulerStore, "trySpendShares">,
    caps: readonly SpendCap[],
    clock: Clock,
    prepaid: { day: string; requests: number } = { day: "", requests: 0 },
  ) {
    this.#base = base;
    this.#store = store;
    this.#caps = caps;
    this.#clock = clock;
    this.#prepaid = { ...prepaid };
  }

  async reserve(credential: string, pool: string, requests = 1): Promise<QuotaReservation> {
    if (pool !== "research") return this.#base.reserve(credential, pool, requests);
    const now = this.#clock.now();
    const day = utcDay(now);
    if (this.#prepaid.day === day && this.#prepaid.requests >= requests) {
      // Counted by the job's start: no round trip for this one.
      this.#prepaid.requests -= requests;
      return this.#reserveBase(credential, pool, requests, day, this.#caps);
    }
    // Every share in one statement (each an atomic conditional add): one round trip a request.
    const counted = new Set(await this.#store.trySpendShares(day, this.#caps, requests));
    const taken = this.#caps.filter((cap) => counted.has(cap.key));
    const refused = this.#caps.find((cap) => !counted.has(cap.key));
    if (refused) {
      await this.#giveBack(day, taken, requests);
      throw new QuotaExhaustedError(
        `The day's share "${refused.key}" (${refused.cap} requests) is spent for ${day}.`,
        { resumeAt: isoUtc(nextUtcMidnight(now)), pool },
      );
    }
    return this.#reserveBase(credential, pool, requests, day, taken);
  }

  /** The platform's ledger, once the shares are counted; a refusal there gives the shares back. */
  async #reserveBase(
    credential: string,
    pool: string,
    requests: number,
    day: string,
    taken: readonly SpendCap[],
  ): Promise<QuotaReservation> {
    try {
      return await this.#base.reserve(credential, pool, requests);
    } catch (error) {
      await this.#giveBack(day, taken, requests);
      throw error;
    }
  }

  /** Gives back what the job's start counted and no request used (a job that sent none). */
  async returnUnused(): Promise<void> {
    const { day, requests } = this.#prepaid;
    if (requests <= 0) return;
    this.#prepaid.requests = 0;
    await this.#giveBack(day, this.#caps, requests);
  }

  async #giveBack(day: string, caps: readonly SpendCap[], requests: number): Promise<void> {
    if (caps.length === 0) return;
    await this.#store.trySpendShares(
      day,
      caps.map((cap) => ({ key: cap.key, cap: null })),
      -requests,
    );
  }

  async release(reservation: QuotaReservation): Promise<void> {
    await this.#base.release(reservation);
    if (reservation.pool === "research")
      await this.#giveBack(reservation.day, this.#caps, reservation.requests);
  }
  addRecords(reservation: QuotaReservation, records: number): Promise<void> {
    return this.#base.addRecords(reservation, records);
  }
  markExhausted(credential: string, pool: string): Promise<void> {
    return this.#base.markExhausted(credential, pool);
  }
  state(credential: string, pool: string): Promise<QuotaState> {
    return this.#base.state(credential, pool);
  }
}

/** How the day's quota is shared out. */
export interface QuotaShares {
  /** The research pool's requests a day (TikTok: 1,000). */
  dailyRequests: number;
  /** Share kept for the refresh and compliance checks: collections never spend it (default 0.2). */
  reservedShare: number;
}

/** The caps a job spends under: collections stay out of the reserved share and within their schedule's budget. */
export function capsFor(
  job: { kind: "collect"; schedule: string; dailyBudget: number | null } | { kind: "refresh" | "compliance" },
  shares: QuotaShares,
): SpendCap[] {
  if (job.kind !== "collect") return [{ key: job.kind, cap: null }];
  return [
    { key: "collect", cap: Math.floor(shares.dailyRequests * (1 - shares.reservedShare)) },
    { key: scheduleBudgetKey(job.schedule), cap: job.dailyBudget },
  ];
}

/** The share a schedule's own daily budget caps. */
export const scheduleBudgetKey = (schedule: string) => `collect:${schedule}`;
