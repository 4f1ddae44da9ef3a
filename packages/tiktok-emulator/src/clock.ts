/** Wall clock in epoch milliseconds; inject one to move the emulator's time (token expiry, quota day, lag). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
