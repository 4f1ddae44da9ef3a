import {
  QuotaExhaustedError,
  type QuotaLedger,
  type QuotaReservation,
  type QuotaState,
} from "@observatory/arena-core";

/**
 * `--max-requests N` spent. A quota pause in every respect (the run stops before the request,
 * checkpoints kept, resumable with the same command at once), told apart by its class so the CLI
 * reports it as the budget, not the daily quota, and exits with its own status.
 */
export class RequestBudgetSpentError extends QuotaExhaustedError {
  readonly budget: number;
  constructor(budget: number, pool: string, now: number) {
    super(
      `--max-requests ${budget} spent: the run stopped before request ${budget + 1}; the same command resumes it`,
      { resumeAt: new Date(now).toISOString(), pool, code: "request_budget_spent", details: { budget } },
    );
    this.name = "RequestBudgetSpentError";
    this.budget = budget;
  }
}

/**
 * A quota ledger that lets this process send at most `budget` requests (over every pool), in front of
 * the shared ledger: each request is reserved here before it is reserved there, and the reservation
 * after the last allowed one throws `RequestBudgetSpentError` without reaching the API. A request
 * whose reservation is given back (never sent) gives its budget back too.
 */
export class RequestBudgetLedger implements QuotaLedger {
  readonly #inner: QuotaLedger;
  readonly #budget: number;
  readonly #now: () => number;
  #used = 0;
  #refused = false;

  constructor(inner: QuotaLedger, budget: number, now: () => number = Date.now) {
    if (!Number.isSafeInteger(budget) || budget < 1) throw new RangeError("the request budget must be ≥ 1");
    this.#inner = inner;
    this.#budget = budget;
    this.#now = now;
  }

  /** Requests reserved through this ledger (and not given back). */
  get used(): number {
    return this.#used;
  }

  get budget(): number {
    return this.#budget;
  }

  /** True once the budget refused a request: what stopped the run was the budget, not the quota. */
  get refused(): boolean {
    return this.#refused;
  }

  get spent(): boolean {
    return this.#used >= this.#budget;
  }

  async reserve(credential: string, pool: string, requests = 1): Promise<QuotaReservation> {
    if (this.#used + requests > this.#budget) {
      this.#refused = true;
      throw new RequestBudgetSpentError(this.#budget, pool, this.#now());
    }
    this.#used += requests;
    try {
      return await this.#inner.reserve(credential, pool, requests);
    } catch (error) {
      this.#used -= requests;
      throw error;
    }
  }

  async release(reservation: QuotaReservation): Promise<void> {
    this.#used = Math.max(0, this.#used - reservation.requests);
    await this.#inner.release(reservation);
  }

  addRecords(reservation: QuotaReservation, records: number): Promise<void> {
    return this.#inner.addRecords(reservation, records);
  }

  markExhausted(credential: string, pool: string): Promise<void> {
    return this.#inner.markExhausted(credential, pool);
  }

  state(credential: string, pool: string): Promise<QuotaState> {
    return this.#inner.state(credential, pool);
  }
}
