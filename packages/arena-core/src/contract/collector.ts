import type { SilentZero } from "../errors/run-flags.js";
import type { ContentRecord } from "../record/content-record.js";
import type { ActorsQueryInput, TermsQueryInput } from "./queries.js";
import type { Tier } from "./tier.js";

export interface QuotaSnapshot {
  pool: string;
  requestsUsed: number;
  requestsLimit: number;
  recordsUsed: number;
  recordsLimit: number;
  /** ISO-8601 UTC instant of the next reset. */
  resetsAt: string;
}

export interface WindowRef {
  partition: string;
  since: string;
  until: string;
}

export type RunPhase = "running" | "completed" | "paused" | "incomplete" | "failed" | "aborted";

export interface Progress {
  runId: string;
  phase: RunPhase;
  /** Requests this run sent (each one reserved from the quota). */
  requests: number;
  /** Records yielded so far in this run (this process). */
  records: number;
  /** Records the platform returned that were skipped (invalid, duplicate, outside the window). */
  skipped: number;
  window?: WindowRef;
  windowsDone: number;
  windowsTotal: number;
  givenUp: WindowRef[];
  quota?: QuotaSnapshot;
  /** When paused: when the collection can resume (ISO-8601 UTC). */
  resumeAt?: string;
  /** Windows left for a later run: they lie within the platform's ingestion lag (not marked complete). */
  deferred?: WindowRef[];
  /** Windows that came back empty where records were expected (the silent-zero alarm; not marked complete). */
  silentZeros?: SilentZero[];
}

/** Information about a page whose records have all been yielded, just before its checkpoint is saved. */
export interface PageCommit {
  runId: string;
  partition: string;
  /** platform_ids yielded for this page. */
  ids: string[];
  done: boolean;
  /**
   * Records of this page the collector dropped because their detected language is not among the
   * query's `languages`, per detected language ("und" when none was detected). Absent: none.
   */
  dropped?: Record<string, number>;
}

export interface CollectOptions {
  /** Checkpoint key: the same runId resumes where it stopped. Default: derived from the query. */
  runId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /**
   * Awaited after a page's records were yielded and before its checkpoint is saved: a consumer that
   * writes records durably (the CLI) flushes here, so output and checkpoint never disagree by more
   * than one page.
   */
  beforeCheckpoint?: (page: PageCommit) => Promise<void> | void;
}

export type HealthStatus = "ok" | "degraded" | "down";

export interface HealthReport {
  status: HealthStatus;
  detail: string;
  checkedAt: string;
  latencyMs?: number;
  quota?: QuotaSnapshot;
}

export interface CostEstimate {
  requests: { min: number; expected: number; max: number };
  records: { expected: number; max?: number };
  /** Days of the daily quota the collection will take (expected requests ÷ daily limit, rounded up). */
  quotaDays: number;
  /** Money per tier, in USD; 0 for the free research tier. */
  money: Partial<Record<Tier, number>>;
  /** How the estimate was made: "partitions" (from windows alone) or "history" (earlier runs). */
  basis: "partitions" | "history";
  partitions: number;
  windows: number;
  notes: string[];
}

export interface ArenaCollector {
  readonly platform: string;
  readonly arena: string;
  readonly supportedTiers: readonly Tier[];
  collectByTerms(query: TermsQueryInput, options?: CollectOptions): AsyncIterable<ContentRecord>;
  collectByActors(query: ActorsQueryInput, options?: CollectOptions): AsyncIterable<ContentRecord>;
  /** Never throws. */
  healthCheck(): Promise<HealthReport>;
  estimateCost(query: TermsQueryInput | ActorsQueryInput): Promise<CostEstimate>;
}

// Capability interfaces an arena may add.

export interface CommentCollector {
  collectComments(
    videoIds: readonly string[],
    options?: CollectOptions & { maxPerVideo?: number },
  ): AsyncIterable<ContentRecord>;
}

export interface EngagementRefreshResult {
  updated: ContentRecord[];
  /** IDs that did not come back (deleted, made private, or out of reach). */
  missing: string[];
  requests: number;
}

export interface EngagementRefresher {
  refreshEngagement(
    recordsOrIds: readonly (ContentRecord | string)[],
    options?: CollectOptions,
  ): Promise<EngagementRefreshResult>;
}

export interface ActorProfile {
  platform: string;
  username: string;
  /** "ok", or why no profile came back for this name. */
  status: "ok" | "not_found" | "private" | "unavailable";
  displayName?: string;
  bio?: string;
  avatarUrl?: string;
  verified?: boolean;
  followerCount?: number;
  followingCount?: number;
  likesCount?: number;
  videoCount?: number;
  pseudonymizedId?: string;
  collectedAt: string;
  detail?: string;
  raw?: Record<string, unknown>;
}

export interface ActorProfiler {
  fetchActors(usernames: readonly string[], options?: CollectOptions): AsyncIterable<ActorProfile>;
}
