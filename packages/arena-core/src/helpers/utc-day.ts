const DAY_MS = 86_400_000;

/** The UTC calendar day of an instant, "YYYY-MM-DD". */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The next 00:00 UTC strictly after `epochMs`, in epoch ms. */
export function nextUtcMidnight(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS + DAY_MS;
}

/** Whole seconds until the next 00:00 UTC (at least 1), e.g. for a Redis key expiry. */
export function secondsUntilUtcMidnight(epochMs: number): number {
  return Math.max(1, Math.ceil((nextUtcMidnight(epochMs) - epochMs) / 1000));
}

export { DAY_MS };
