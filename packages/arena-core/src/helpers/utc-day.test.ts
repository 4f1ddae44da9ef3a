import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS, nextUtcMidnight, secondsUntilUtcMidnight, utcDay } from "./utc-day.js";

describe("UTC day helpers", () => {
  it("names the UTC calendar day", () => {
    expect(utcDay(Date.parse("2026-09-01T23:59:59.999Z"))).toBe("2026-09-01");
    expect(utcDay(Date.parse("2026-09-02T00:00:00.000Z"))).toBe("2026-09-02");
  });

  it("finds the next midnight strictly after any instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (t) => {
        const next = nextUtcMidnight(t);
        expect(next % DAY_MS).toBe(0);
        expect(next).toBeGreaterThan(t);
        expect(next - t).toBeLessThanOrEqual(DAY_MS);
      }),
    );
    expect(new Date(nextUtcMidnight(Date.parse("2026-09-01T00:00:00Z"))).toISOString()).toBe(
      "2026-09-02T00:00:00.000Z",
    );
  });

  it("counts whole seconds to midnight, at least 1", () => {
    expect(secondsUntilUtcMidnight(Date.parse("2026-09-01T23:59:59.999Z"))).toBe(1);
    expect(secondsUntilUtcMidnight(Date.parse("2026-09-01T23:00:00Z"))).toBe(3600);
    expect(secondsUntilUtcMidnight(Date.parse("2026-09-01T00:00:00Z"))).toBe(86_400);
  });
});
