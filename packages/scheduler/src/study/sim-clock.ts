import type { Clock } from "@observatory/arena-core";

/** A clock that moves only when told: a simulated study's days pass in seconds. */
export class SimClock implements Clock {
  #t: number;
  constructor(start: number) {
    this.#t = start;
  }
  now(): number {
    return this.#t;
  }
  set(t: number): void {
    this.#t = t;
  }
  /** A sleep that moves the clock instead of waiting (retries' back-off in simulated time). */
  readonly sleep = async (ms: number): Promise<void> => {
    this.#t += Math.max(0, ms);
  };
}
