/** What the scheduler runs. Every job's `id` is deterministic: adding it twice is a no-op. */
export type JobKind = "collect" | "refresh" | "compliance" | "comment-check";

export interface CollectJob {
  kind: "collect";
  id: string;
  schedule: string;
  /** The query part this job collects; one per schedule today ("all"). */
  partition: string;
  /** The UTC day collected (one window). */
  day: string;
  /** null: the window's first collection (backfill or the new day); a day: the live-tail re-query of that day. */
  asOf: string | null;
  /** BullMQ order: lower first. */
  priority: number;
}

/**
 * Engagement refresh (videos published 10–15 days ago) or compliance check of the records published in
 * one block of days: `video_id IN` takes 100 IDs per request within one 30-day window, so a block of 28
 * days fills requests instead of spending one per day.
 */
export interface RecheckJob {
  kind: "refresh" | "compliance";
  id: string;
  platform: string;
  /** Records published from this UTC day ("unknown": those without a publication time) … */
  publishedFrom: string;
  /** … until this one (exclusive). */
  publishedUntil: string;
  /** The day the check is planned for. */
  asOf: string;
  priority: number;
}

/**
 * The compliance check of held comments, on their own (ToS 3.d): the comments of the videos whose held
 * comments are due are asked for again; what TikTok no longer returns is deleted and logged.
 */
export interface CommentCheckJob {
  kind: "comment-check";
  id: string;
  platform: string;
  asOf: string;
  priority: number;
}

export type PlannedJob = CollectJob | RecheckJob | CommentCheckJob;

/** Compliance first, then the refresh, then collections by their schedule's priority. */
export const PRIORITY = { compliance: 1, "comment-check": 1, refresh: 2, collectBase: 10 } as const;

export function collectJobId(schedule: string, partition: string, day: string, asOf: string | null): string {
  return `collect.${schedule}.${partition}.${day}.${asOf ?? "first"}`;
}

export function recheckJobId(
  kind: "refresh" | "compliance",
  platform: string,
  publishedFrom: string,
  asOf: string,
): string {
  return `${kind}.${platform}.${publishedFrom}.${asOf}`;
}

/** Days per re-check block (within the API's 30 days per request). */
export const RECHECK_BLOCK_DAYS = 28;

export function commentCheckJobId(platform: string, asOf: string): string {
  return `comment-check.${platform}.${asOf}`;
}

/** Videos whose comments one comment-check job asks for (a job per day goes on until none is due). */
export const COMMENT_CHECK_VIDEOS = 200;
