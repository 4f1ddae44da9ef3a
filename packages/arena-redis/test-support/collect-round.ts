// What the parent sends a collector worker (test-support/collector-worker.ts) for one round, and what it
// answers. Kept apart from the worker script, which starts serving rounds when it is imported.
import type { QuotaLimits, TermsQueryInput } from "@observatory/arena-core";

export const CREDENTIAL_ID = "emulator-app";
export const PSEUDONYM_SALT = "arena-redis-acceptance-salt";

export interface CollectRound {
  redisUrl: string;
  prefix: string;
  emulatorUrl: string;
  /** Query i runs with runId `${runId}:${i}` in every worker. */
  runId: string;
  /** Each worker runs its own run instead (`${runId}-w${worker}:${i}`), e.g. to warm the workers up. */
  ownRuns?: boolean;
  queries: TermsQueryInput[];
  /** Worker w appends the IDs of each committed page of query q to `${outPrefix}${w}-q${q}.ids`. */
  outPrefix: string;
  /** Workers taking part (default all). */
  participants?: number[];
  maxCount?: number;
  leaseMs?: number;
  leasePollMs?: number;
  pools?: Record<string, QuotaLimits>;
  /** Moves this round's clock (quota day, token expiry), e.g. +1 day to resume after a spent quota. */
  clockOffsetMs?: number;
  unavailableAfterMs?: number;
  commandTimeoutMs?: number;
}

export interface CollectFailure {
  query: number;
  name: string;
  code?: string;
  failureType?: string;
  retryable?: boolean;
  message: string;
}

export interface CollectResult {
  worker: number;
  /** Records the collector yielded, and the ones committed (their page's checkpoint followed). */
  yielded: number;
  committed: number;
  requests: number;
  tokenRequests: number;
  failures: CollectFailure[];
  /** From the start of the first query to the end of the last. */
  ms: number;
  /** CPU time (user + system) this worker process used during the round. */
  cpuMs: number;
}
