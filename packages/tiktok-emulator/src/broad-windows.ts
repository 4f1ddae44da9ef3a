import type { Rng } from "./random/prng.js";

/**
 * The broad-window model: the real Research API answers broad video queries (long windows, many
 * results) with 500s (charged) and, for the broadest, a 504 from the gateway after minutes. Off unless
 * `faults.broadWindows` is set; every draw comes from the fault PRNG (reproducible).
 *
 * Each video-query request (every page, not only the first) fails with probability
 *
 *     p = maxErrorRate × (1 − e^(−results / resultsScale)) × min(1, days / 30)
 *
 * where `results` is the size of the window's result set and `days` its length: an empty or narrow
 * window almost never fails, a 30-day window of 60,000 results fails about half the time (defaults).
 * A failure is a 504 (HTML, after `timeoutDelayMs`) when the window holds at least `timeoutResults`
 * results, else a 500 internal_error. Both count against the quota, as on the API.
 */
export interface BroadWindowModel {
  /** The failure probability of the broadest window (default 0.6). */
  maxErrorRate?: number;
  /** Results at which a window is 63 % as likely to fail as the broadest (default 20,000). */
  resultsScale?: number;
  /** Windows with at least this many results time out (504) instead of a 500 (default 50,000). */
  timeoutResults?: number;
  /** How long the gateway waits before its 504 (default 120,000 ms: scale it down in tests). */
  timeoutDelayMs?: number;
}

export type BroadWindowFailure = { status: 500 } | { status: 504; delayMs: number };

/** The probability of a failure for a window of `days` days with `results` results. */
export function broadWindowErrorRate(model: BroadWindowModel, results: number, days: number): number {
  const max = model.maxErrorRate ?? 0.6;
  const scale = model.resultsScale ?? 20_000;
  return max * (1 - Math.exp(-results / scale)) * Math.min(1, Math.max(0, days) / 30);
}

/** Draws this request's failure, if any. */
export function drawBroadWindowFailure(
  model: BroadWindowModel,
  rng: Rng,
  results: number,
  days: number,
): BroadWindowFailure | undefined {
  const rate = broadWindowErrorRate(model, results, days);
  if (!(rate > 0) || rng.next() >= rate) return undefined;
  if (results >= (model.timeoutResults ?? 50_000)) {
    return { status: 504, delayMs: model.timeoutDelayMs ?? 120_000 };
  }
  return { status: 500 };
}

/**
 * Response latency with a tail: the mean is `meanMs`; a share `tailRate` of responses take
 * `tailFactor` times the usual time (default 5 % at 4×).
 */
export function drawLatency(meanMs: number, rng: Rng, tailRate = 0.05, tailFactor = 4): number {
  if (meanMs <= 0) return 0;
  const base = meanMs / (1 - tailRate + tailRate * tailFactor);
  return rng.next() < tailRate ? base * tailFactor : base;
}
