/** A window of a cut: `days` whole days from day index `start`, holding `matches`. */
export interface CutWindow {
  start: number;
  days: number;
  matches: number;
  /** What a client spends on it: max(1, ⌈matches / perPage⌉). */
  requests: number;
}

export interface OptimalCuts {
  /** The fewest requests any client could spend on the range. */
  requests: number;
  /** One cut that reaches it, in order. */
  windows: CutWindow[];
}

export interface OptimalCutsOptions {
  /** The API's longest window (30 days). */
  maxDays?: number;
  /** Records per page (100, the API's maximum). */
  perPage?: number;
}

/**
 * The lower bound of a query's cost over a range: the minimum, over every way of cutting the days into
 * windows of at most `maxDays`, of Σ max(1, ⌈matches in window / perPage⌉) (an empty window still
 * costs its one request). A dynamic programme over days: O(days × maxDays).
 */
export function optimalCuts(
  matchesPerDay: readonly number[],
  { maxDays = 30, perPage = 100 }: OptimalCutsOptions = {},
): OptimalCuts {
  const n = matchesPerDay.length;
  const best = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  const from = new Array<number>(n + 1).fill(0);
  best[0] = 0;
  for (let end = 1; end <= n; end++) {
    let matches = 0;
    for (let days = 1; days <= Math.min(maxDays, end); days++) {
      matches += matchesPerDay[end - days] ?? 0;
      const cost = best[end - days]! + Math.max(1, Math.ceil(matches / perPage));
      if (cost < best[end]!) {
        best[end] = cost;
        from[end] = end - days;
      }
    }
  }
  const windows: CutWindow[] = [];
  for (let end = n; end > 0; end = from[end]!) {
    const start = from[end]!;
    let matches = 0;
    for (let d = start; d < end; d++) matches += matchesPerDay[d] ?? 0;
    windows.unshift({
      start,
      days: end - start,
      matches,
      requests: Math.max(1, Math.ceil(matches / perPage)),
    });
  }
  return { requests: best[n]!, windows };
}
