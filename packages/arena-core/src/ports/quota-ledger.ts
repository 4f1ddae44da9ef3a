export interface QuotaLimits {
  /** Requests a day. */
  requests: number;
  /** Records a day. */
  records: number;
}

/** The Research API's documented daily limits per pool, reset at 00:00 UTC. */
export const DEFAULT_QUOTA_POOLS: Readonly<Record<string, QuotaLimits>> = {
  research: { requests: 1_000, records: 100_000 },
  followers: { requests: 20_000, records: 2_000_000 },
};

export interface QuotaReservation {
  credential: string;
  pool: string;
  /** The UTC day (YYYY-MM-DD) the request was counted on. */
  day: string;
  requests: number;
}

export interface QuotaState {
  credential: string;
  pool: string;
  day: string;
  requestsUsed: number;
  requestsLimit: number;
  recordsUsed: number;
  recordsLimit: number;
  /** Epoch ms of the next reset (00:00 UTC). */
  resetsAt: number;
  /** Set when the platform said the quota is spent before the ledger thought so. */
  exhausted: boolean;
}

/**
 * Atomic reserve-before-request, per credential and pool, reset at 00:00 UTC. Implementations never
 * let concurrent callers (or processes, for shared adapters) together exceed the limit.
 */
export interface QuotaLedger {
  /** Reserves `requests` (default 1). Throws `QuotaExhaustedError` (with resumeAt) when the pool is spent. */
  reserve(credential: string, pool: string, requests?: number): Promise<QuotaReservation>;
  /** Gives back a reservation whose request was never sent. */
  release(reservation: QuotaReservation): Promise<void>;
  /** Counts the records a request returned. */
  addRecords(reservation: QuotaReservation, records: number): Promise<void>;
  /** The platform said 429: mark the pool spent until the next reset, whatever the counters say. */
  markExhausted(credential: string, pool: string): Promise<void>;
  state(credential: string, pool: string): Promise<QuotaState>;
}
