import type { Progress } from "@observatory/arena-core";

/** Shows a collection's progress on stderr while it runs. */
export interface ProgressView {
  update(progress: Progress, written: number): void;
  stop(): void;
}

/** ETA from the windows finished in this process so far. */
export class EtaClock {
  readonly #started: number;
  #baseline: number | undefined;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#started = now();
  }

  estimate(progress: Progress): number | undefined {
    this.#baseline ??= progress.windowsDone;
    const doneHere = progress.windowsDone - this.#baseline;
    const left = progress.windowsTotal - progress.windowsDone;
    if (left <= 0) return 0;
    if (doneHere <= 0) return undefined;
    return ((this.#now() - this.#started) / doneHere) * left;
  }
}

export const quotaLeft = (progress: Progress): number | undefined =>
  progress.quota ? Math.max(0, progress.quota.requestsLimit - progress.quota.requestsUsed) : undefined;
