import type { CheckpointStore, ContentRecord, PageCommit, Progress } from "@observatory/arena-core";
import type { DueCount } from "../planner/plan-due.js";
import type { RecheckCutoffs } from "../planner/recheck-rules.js";
import type { Schedule } from "../schedule/schedule.js";

/** One deletion logged: a record TikTok no longer returns, removed from the store. */
export interface DeletionEntry {
  platform: string;
  platformId: string;
  contentType: string;
  /** ISO-8601 UTC. */
  deletedAt: string;
  reason: string;
}

/** Re-checked records: what came back, what did not. */
export interface RecheckOutcome {
  kind: "refresh" | "compliance";
  platform: string;
  /** Records as TikTok returns them now: rows updated, snapshots appended, marked checked. */
  updated: readonly ContentRecord[];
  /** IDs TikTok no longer returns: deleted (a video's comments with it) and logged. */
  missing: readonly string[];
  /** Epoch ms of the check. */
  at: number;
}

/** Comments re-checked by asking for their videos' comments again. */
export interface CommentCheckOutcome {
  platform: string;
  /** Held comments TikTok returned: rows updated, snapshots appended, marked checked. */
  returned: readonly ContentRecord[];
  /** Held comments TikTok no longer returns (their video's list was read to its end): deleted and logged. */
  missing: readonly string[];
  /** Epoch ms of the check. */
  at: number;
}

/**
 * Writes a collection job's records: held per page and committed (upserted: one row per platform_id,
 * seen at the collection's time) together with the page's checkpoint, so a kill replays at most one
 * page and never writes a record twice. Give the collector `checkpoints`, `commit` as its
 * `beforeCheckpoint` and `noteProgress` as its `onProgress`.
 */
export interface CollectWriter {
  readonly checkpoints: CheckpointStore;
  add(record: ContentRecord): void;
  commit(page: PageCommit): Promise<void>;
  noteProgress(progress: Progress): void;
  /**
   * Writes what is ready and records how the run ended; a completed run marks `window` collected
   * with it (one statement on PostgreSQL).
   */
  close(
    status: "completed" | "paused" | "incomplete" | "failed" | "interrupted",
    detail?: string,
    window?: CollectWindowMark,
  ): Promise<void>;
  readonly stats: { inserted: number; updated: number };
}

/** A window to mark collected when its run completes. */
export interface CollectWindowMark {
  schedule: string;
  partition: string;
  day: string;
  /** Epoch ms: when the collection started (a later re-query of the live tail supersedes it). */
  startedAt: number;
}

/**
 * A job's first request counted by its start (`beginCollect`): under each share of `day`, all or none,
 * as `trySpendShares` followed by giving back a partial take. The share named `budgetKey` is capped by
 * the schedule's own daily budget, which the start reads.
 */
export interface FirstRequestShares {
  day: string;
  shares: readonly { key: string; cap: number | null }[];
  budgetKey: string;
}

/** A collection job's start: run it with its schedule and writer, or skip it (and why). */
export type CollectJobStart =
  /** `prepaid`: the job's first request was counted under its shares (`prepay`) by the start. */
  | { run: true; schedule: Schedule; writer: CollectWriter; prepaid: boolean }
  | { run: false; note: "schedule removed" | "schedule paused" | "window already collected" };

/** A held video as the guarantees see it (epoch ms). */
export interface VideoAudit {
  platformId: string;
  publishedAt: number | null;
  /** When TikTok last returned it (collection or re-query). */
  lastCheckAt: number;
  /** Every re-query by ID (refresh or compliance) that returned it. */
  rechecks: number[];
}

/** One UTC day of compliance work, for the report. */
export interface ComplianceDay {
  day: string;
  checks: number;
  deletions: number;
}

export interface ComplianceSummary {
  platform: string;
  records: number;
  /** Epoch ms of the oldest last check (null: nothing held). */
  oldestCheckAt: number | null;
  days: ComplianceDay[];
}

/**
 * What the scheduler reads and writes. An adapter implements it over the observatory's store
 * (`PostgresSchedulerStore`) or in memory (`MemorySchedulerStore`, for tests and the planner's docs).
 */
export interface SchedulerStore {
  addSchedule(schedule: Schedule): Promise<"added" | "exists">;
  listSchedules(): Promise<Schedule[]>;
  getSchedule(name: string): Promise<Schedule | undefined>;
  setPaused(name: string, paused: boolean): Promise<boolean>;
  /** Removes the schedule and its coverage; the records it collected stay. */
  removeSchedule(name: string): Promise<boolean>;

  /** Windows collected completely: day → when that collection started (epoch ms), per schedule. */
  coverage(): Promise<Map<string, Map<string, number>>>;
  /** When one window was last collected completely (epoch ms), if ever. */
  windowCollectedAt(schedule: string, day: string): Promise<number | undefined>;
  markWindowCollected(schedule: string, partition: string, day: string, startedAt: number): Promise<void>;

  /** A collection job's writer: each page's records are committed with its checkpoint. */
  collectWriter(run: {
    runId: string;
    schedule: string;
    day: string;
    query: unknown;
  }): Promise<CollectWriter>;

  /**
   * Starts a collection job: reads its schedule and window and, when it is to run (the schedule
   * exists and is not paused, the window was not collected since `asOf`'s day), records the run as
   * running and returns its writer; with `prepay`, counts its first request's shares. One statement
   * on PostgreSQL.
   */
  beginCollect(job: {
    runId: string;
    schedule: string;
    day: string;
    /** The day from which a collection counts as current (a live-tail re-query); null: any. */
    asOf: string | null;
    /** Count the job's first request under these shares of the day, in the same statement. */
    prepay?: FirstRequestShares;
  }): Promise<CollectJobStart>;

  refreshDue(cutoffs: RecheckCutoffs): Promise<DueCount[]>;
  complianceDue(cutoffs: RecheckCutoffs): Promise<DueCount[]>;
  /** The records published in [from, until) (days; "unknown": without a time) due for a refresh or check now. */
  dueRecords(
    kind: "refresh" | "compliance",
    platform: string,
    publishedFrom: string,
    publishedUntil: string,
    cutoffs: RecheckCutoffs,
  ): Promise<ContentRecord[]>;
  applyRecheck(outcome: RecheckOutcome): Promise<void>;

  /** Held comments due for their own compliance check (last returned at or before the cutoff), per platform. */
  commentsDue(cutoffs: RecheckCutoffs): Promise<{ platform: string; comments: number }[]>;
  /** The due comments' IDs by their video, at most `videos` videos (the longest unchecked first). */
  dueComments(platform: string, cutoffs: RecheckCutoffs, videos: number): Promise<Map<string, string[]>>;
  /** Comments re-checked: those returned updated and marked checked; the missing deleted and logged. */
  applyCommentCheck(outcome: CommentCheckOutcome): Promise<void>;

  /**
   * Adds `requests` (negative: gives back) to a day's spend under `key` ("collect", "collect:NAME",
   * "refresh", "compliance") unless that would pass `cap`; atomic across workers. Whether it was added.
   */
  trySpend(day: string, key: string, requests: number, cap: number | null): Promise<boolean>;
  /**
   * `trySpend` for each of a request's shares at once (one statement on PostgreSQL): each share is
   * added unless that would pass its cap. The keys it was added under (the caller gives those back
   * when one was refused).
   */
  trySpendShares(
    day: string,
    shares: readonly { key: string; cap: number | null }[],
    requests: number,
  ): Promise<string[]>;
  /** The day's spend per key. */
  spend(day: string): Promise<Map<string, number>>;

  complianceSummary(now: number, days: number): Promise<ComplianceSummary[]>;
  /** Every held video with its check history: what a study's guarantees are checked against. */
  auditVideos(platform: string): Promise<VideoAudit[]>;
  deletions(limit?: number): Promise<DeletionEntry[]>;
}
