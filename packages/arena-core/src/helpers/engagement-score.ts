export interface EngagementCounts {
  views?: number | null;
  likes?: number | null;
  comments?: number | null;
  shares?: number | null;
}

/**
 * The observatory's engagement score, the same for every arena:
 *
 *     engagement_score = ln(1 + likes + 2·comments + 3·shares)
 *
 * Comments and shares weigh more than likes (they take more effort and spread content). The log keeps
 * viral outliers comparable with ordinary posts, and views are left out because many platforms do not
 * report them (and TikTok's view counts are the least reliable of its metrics). Missing counts are 0;
 * null when every interaction count is missing.
 */
export function engagementScore(counts: EngagementCounts): number | null {
  const { likes, comments, shares } = counts;
  if (likes == null && comments == null && shares == null) return null;
  const weighted = (likes ?? 0) + 2 * (comments ?? 0) + 3 * (shares ?? 0);
  return Math.round(Math.log1p(Math.max(0, weighted)) * 1e6) / 1e6;
}
