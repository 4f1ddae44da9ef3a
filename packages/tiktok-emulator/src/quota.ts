import type { Clock } from "./clock.js";
import { DAY_MS } from "./query/dates.js";

export type QuotaPool = "research" | "followers";

export interface PoolLimits {
  requests: number;
  records: number;
}

/** Daily limits per client_key; each pool resets at 00:00 UTC of the emulator's clock. */
export interface QuotaOptions {
  /** Video, comment, user-info, liked/pinned/reposted and playlist calls (default 1,000 requests, 100,000 records). */
  research?: Partial<PoolLimits>;
  /** Followers and following calls (default 20,000 requests, 2,000,000 records). */
  followers?: Partial<PoolLimits>;
}

export const DEFAULT_QUOTA: Readonly<Record<QuotaPool, Readonly<PoolLimits>>> = {
  research: { requests: 1_000, records: 100_000 },
  followers: { requests: 20_000, records: 2_000_000 },
};

export type QuotaUsage = Record<QuotaPool, PoolLimits>;

interface Ledger {
  day: number;
  usage: QuotaUsage;
}

const emptyUsage = (): QuotaUsage => ({
  research: { requests: 0, records: 0 },
  followers: { requests: 0, records: 0 },
});

/** Counts requests and records per client_key and pool for the current UTC day. */
export class QuotaLedger {
  readonly limits: Readonly<Record<QuotaPool, Readonly<PoolLimits>>>;
  readonly #clock: Clock;
  #ledgers = new Map<string, Ledger>();

  constructor(clock: Clock, options: QuotaOptions = {}) {
    this.#clock = clock;
    this.limits = {
      research: { ...DEFAULT_QUOTA.research, ...options.research },
      followers: { ...DEFAULT_QUOTA.followers, ...options.followers },
    };
  }

  #ledger(clientKey: string): Ledger {
    const day = Math.floor(this.#clock.now() / DAY_MS);
    let ledger = this.#ledgers.get(clientKey);
    if (!ledger || ledger.day !== day) {
      ledger = { day, usage: emptyUsage() };
      this.#ledgers.set(clientKey, ledger);
    }
    return ledger;
  }

  /** False when today's requests or records in `pool` are spent. */
  allows(clientKey: string, pool: QuotaPool): boolean {
    const used = this.#ledger(clientKey).usage[pool];
    const limit = this.limits[pool];
    return used.requests < limit.requests && used.records < limit.records;
  }

  countRequest(clientKey: string, pool: QuotaPool): void {
    this.#ledger(clientKey).usage[pool].requests++;
  }

  countRecords(clientKey: string, pool: QuotaPool, records: number): void {
    this.#ledger(clientKey).usage[pool].records += records;
  }

  /** Today's usage of every client that has used the API today. */
  snapshot(): Record<string, QuotaUsage> {
    const out: Record<string, QuotaUsage> = {};
    for (const key of this.#ledgers.keys()) {
      const u = this.#ledger(key).usage;
      out[key] = { research: { ...u.research }, followers: { ...u.followers } };
    }
    return out;
  }

  reset(): void {
    this.#ledgers = new Map();
  }
}
