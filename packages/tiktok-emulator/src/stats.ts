import type { QuotaUsage } from "./quota.js";

export interface EmulatorStats {
  requests: { total: number; byEndpoint: Record<string, number> };
  /** Calls to /v2/oauth/token/ (also in byEndpoint["oauth/token"]). */
  tokenRequests: number;
  /** Today's usage per client_key. */
  quota: Record<string, QuotaUsage>;
  /** Injected faults by kind. */
  faults: Record<string, number>;
  /** Successful (HTTP 200) research responses. */
  pagesServed: number;
  /** Live videos deleted by injected empty pages since the last `resetStats()` (see `emptyPageRate`). */
  hiddenVideoIds: string[];
}

/** Request counters (the quota and fault counts live with the ledger and the injector). */
export class StatsRecorder {
  total = 0;
  byEndpoint: Record<string, number> = {};
  tokenRequests = 0;
  pagesServed = 0;

  request(endpoint: string): void {
    this.total++;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
  }

  reset(): void {
    this.total = 0;
    this.byEndpoint = {};
    this.tokenRequests = 0;
    this.pagesServed = 0;
  }
}
