/** Paces requests (e.g. 40/hour spread over the day, or a burst for interactive use). */
export interface RateLimiter {
  schedule<T>(task: () => Promise<T>, options?: { signal?: AbortSignal; weight?: number }): Promise<T>;
  /** Releases timers and connections. */
  close(): Promise<void>;
}
