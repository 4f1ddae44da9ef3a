import Bottleneck from "bottleneck";
import type { RateLimiter } from "../ports/rate-limiter.js";

export interface PacingOptions {
  /** Requests allowed per `perMs` (a reservoir refreshed every `perMs`). */
  requests?: number;
  perMs?: number;
  /** Minimum gap between two requests. */
  minTimeMs?: number;
  maxConcurrent?: number;
}

/** Wraps a Bottleneck instance (local, or clustered by the Redis package) as a RateLimiter. */
export class BottleneckRateLimiter implements RateLimiter {
  constructor(readonly bottleneck: Bottleneck) {}

  schedule<T>(task: () => Promise<T>, options: { signal?: AbortSignal; weight?: number } = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    // A task aborted while it waited in the queue is not started when its turn comes.
    return this.bottleneck.schedule({ weight: options.weight ?? 1 }, () =>
      signal?.aborted ? Promise.reject(signal.reason) : task(),
    );
  }

  async close(): Promise<void> {
    await this.bottleneck.disconnect();
  }
}

/** Bottleneck options for a pacing such as "40 requests an hour" or "10 a second". */
export function pacingToBottleneck(options: PacingOptions): Bottleneck.ConstructorOptions {
  const reservoir =
    options.requests !== undefined && options.perMs !== undefined
      ? {
          reservoir: options.requests,
          reservoirRefreshAmount: options.requests,
          reservoirRefreshInterval: options.perMs,
        }
      : {};
  return { maxConcurrent: options.maxConcurrent ?? null, minTime: options.minTimeMs ?? 0, ...reservoir };
}

/** A local (one-process) pacer. */
export function createLocalRateLimiter(options: PacingOptions = {}): RateLimiter {
  return new BottleneckRateLimiter(new Bottleneck(pacingToBottleneck(options)));
}

/** No pacing: requests go out as fast as the caller sends them (the quota ledger still counts). */
export const unlimitedRateLimiter: RateLimiter = {
  schedule: (task, options) => (options?.signal?.aborted ? Promise.reject(options.signal.reason) : task()),
  close: async () => undefined,
};
