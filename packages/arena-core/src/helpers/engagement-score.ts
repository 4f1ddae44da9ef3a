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
 * report them (and TikTok's view counts are the least reliable of its metrics). Missing counts are 0
 * (as are negative or non-finite ones); null when every interaction count is missing. Rounded to 6
 * decimals so that the same counts give the same score on every platform and machine.
 */
export function engagementScore(counts: EngagementCounts): number | null {
  const { likes, comments, shares } = counts;
  if (likes == null && comments == null && shares == null) return null;
  // A count that is not a finite, non-negative number (a platform glitch) counts as 0.
  const n = (x: number | null | undefined) => (x != null && Number.isFinite(x) && x > 0 ? x : 0);
  const weighted = n(likes) + 2 * n(comments) + 3 * n(shares);
  return Math.round(Math.log1p(weighted) * 1e6) / 1e6;
}
