import { describe, expect, it } from "vitest";
import { remainingDelay } from "./response-delay.js";

describe("remainingDelay", () => {
  it("takes the time spent building the answer off the latency, never below zero", () => {
    expect(remainingDelay(250, 1_000, 1_000)).toBe(250);
    expect(remainingDelay(250, 1_000, 1_030)).toBe(220);
    expect(remainingDelay(250, 1_000, 1_400)).toBe(0);
    expect(remainingDelay(0, 1_000, 1_000)).toBe(0);
  });
});
