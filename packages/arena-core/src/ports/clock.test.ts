import { describe, expect, it } from "vitest";
import { ManualClock, realSleep, systemClock } from "./clock.js";

describe("clocks", () => {
  it("ManualClock starts where told, moves by hand, and sleeps by advancing", async () => {
    const clock = new ManualClock("2026-09-01T00:00:00Z");
    expect(clock.now()).toBe(Date.parse("2026-09-01T00:00:00Z"));
    clock.advance(1_000);
    await clock.sleep(4_000);
    expect(new Date(clock.now()).toISOString()).toBe("2026-09-01T00:00:05.000Z");
    clock.set(new Date("2027-01-01T00:00:00Z"));
    expect(clock.now()).toBe(Date.parse("2027-01-01T00:00:00Z"));
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(clock.sleep(1, controller.signal)).rejects.toThrow("stop");
    expect(new ManualClock().now()).toBe(Date.UTC(2026, 0, 1));
  });

  it("realSleep waits, and rejects with the signal's reason when aborted", async () => {
    const before = systemClock.now();
    await realSleep(15);
    expect(systemClock.now() - before).toBeGreaterThanOrEqual(10);
    const controller = new AbortController();
    const sleeping = realSleep(60_000, controller.signal);
    controller.abort(new Error("cancelled"));
    await expect(sleeping).rejects.toThrow("cancelled");
    await expect(realSleep(1, controller.signal)).rejects.toThrow("cancelled");
  });
});
