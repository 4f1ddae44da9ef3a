/** Wall clock in epoch milliseconds. Injected so tests and the emulator can move time. */
export interface Clock {
  now(): number;
}

/** Waits `ms`; rejects with the signal's reason when aborted. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemClock: Clock = { now: () => Date.now() };

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** A clock you move by hand; `sleep` advances it instead of waiting. For tests. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string | Date = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === "number" ? start : new Date(start).getTime();
  }
  now(): number {
    return this.#now;
  }
  set(time: number | string | Date): void {
    this.#now = typeof time === "number" ? time : new Date(time).getTime();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  readonly sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    this.#now += ms;
  };
}
