/**
 * The expected requests of a window of `days` days for a query with `density` matches a day:
 * E[max(1, ⌈m / perPage⌉)] = 1 + Σ_{k≥1} P(m > k·perPage), with m ≈ Normal(μ, μ + (0.2μ)² ÷ days)
 * (Poisson noise plus a day-to-day variation of 20 % that averages out over a window's days; a
 * continuity correction).
 */
export function expectedWindowRequests(density: number, days: number, perPage = 100): number {
  const mean = density * days;
  const sd = Math.sqrt(mean + (0.2 * mean) ** 2 / Math.max(1, days));
  let expected = 1;
  if (sd === 0) return Math.max(1, Math.ceil(mean / perPage));
  for (let k = 1; k * perPage < mean + 8 * sd + perPage; k++) {
    expected += 1 - normalCdf((k * perPage + 0.5 - mean) / sd);
  }
  return expected;
}

/** The window length (1..maxDays) with the fewest expected requests per day. */
export function cheapestWindowDays(density: number, maxDays: number, perPage = 100): number {
  let best = maxDays;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let days = maxDays; days >= 1; days--) {
    const cost = expectedWindowRequests(density, days, perPage) / days;
    if (cost < bestCost - 1e-9) {
      best = days;
      bestCost = cost;
    }
  }
  return best;
}

/** Φ(z), by the Abramowitz–Stegun 7.1.26 approximation of erf (error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
