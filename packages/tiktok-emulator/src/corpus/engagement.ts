import type { CorpusVideo, Engagement } from "./types.js";

/** Engagement counts grow over this many days after posting, then stay. */
export const ENGAGEMENT_GROWTH_DAYS = 10;
const GROWTH_SECONDS = ENGAGEMENT_GROWTH_DAYS * 86_400;

/** The share (0..1) of final engagement a video has reached at `ageSeconds`: fast at first, then flat. */
export function growthShare(ageSeconds: number): number {
  if (ageSeconds <= 0) return 0;
  if (ageSeconds >= GROWTH_SECONDS) return 1;
  const rest = 1 - ageSeconds / GROWTH_SECONDS;
  return 1 - rest * rest;
}

/** Comments visible at `ageSeconds` of a video whose final comment count is `total`. */
export function visibleCommentCount(total: number, ageSeconds: number): number {
  return Math.round(total * growthShare(ageSeconds));
}

/**
 * The age (seconds) at which the i-th comment (0-based, chronological) of `total` is posted: the
 * inverse of `growthShare`, so that exactly `visibleCommentCount` comments exist at any age.
 */
export function commentOffsetSeconds(i: number, total: number): number {
  const share = (i + 0.5) / total;
  return Math.floor((1 - Math.sqrt(1 - share)) * GROWTH_SECONDS);
}

/** The counts the API reports for a video at `nowSeconds`: a deterministic function of id and age. */
export function engagementAt(video: CorpusVideo, nowSeconds: number): Engagement {
  const share = growthShare(nowSeconds - video.createTime);
  const f = video.finalEngagement;
  return {
    view_count: Math.floor(f.view_count * share),
    like_count: Math.floor(f.like_count * share),
    share_count: Math.floor(f.share_count * share),
    comment_count: visibleCommentCount(f.comment_count, nowSeconds - video.createTime),
    favorites_count: Math.floor(f.favorites_count * share),
  };
}
