export interface RetryOptions {
  /** Attempts per request, the first included (default 5). */
  maxAttempts: number;
  /** First backoff after a 5xx, timeout or reset (default 1 s); doubles each attempt. */
  baseDelayMs: number;
  /** Cap on any single wait (default 60 s). */
  maxDelayMs: number;
  /** Wait per attempt after the API's flaky 400s (search_id expired, invalid cursor): 5 s × attempt. */
  slowDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  slowDelayMs: 5_000,
};

/**
 * How long to wait before attempt `attempt + 1`. Exponential with "equal jitter" (half fixed, half
 * random) for server errors, so fifty workers do not retry in lockstep; linear for the API's
 * cache-population errors, as the C4D client found works (5 s × attempt).
 */
export function retryDelay(
  /** "retry-slow": linear (the API's cache-population errors); anything else: exponential. */
  action: string,
  attempt: number,
  options: RetryOptions,
  random: () => number,
): number {
  const raw =
    action === "retry-slow"
      ? options.slowDelayMs * attempt
      : options.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(options.maxDelayMs, raw);
  return Math.round(capped / 2 + (capped / 2) * random());
}
