/**
 * How long a response still waits so that it takes `latencyMs` in all since `startedAt`
 * (`performance.now()` when the request was taken up): the emulated latency is the whole response
 * time, as the API's own includes its work, so the time spent building the answer is taken off.
 */
export function remainingDelay(latencyMs: number, startedAt: number, now = performance.now()): number {
  return Math.max(0, latencyMs - (now - startedAt));
}
