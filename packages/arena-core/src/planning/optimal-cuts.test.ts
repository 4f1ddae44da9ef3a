import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { optimalCuts } from "./optimal-cuts.js";

/** Every cut into windows of ≤ maxDays, by brute force (small ranges only). */
function bruteForce(days: readonly number[], maxDays: number, perPage: number): number {
  const cost = (from: number): number => {
    if (from === days.length) return 0;
    let best = Number.POSITIVE_INFINITY;
    let matches = 0;
    for (let d = 1; d <= maxDays && from + d <= days.length; d++) {
      matches += days[from + d - 1]!;
      best = Math.min(best, Math.max(1, Math.ceil(matches / perPage)) + cost(from + d));
    }
    return best;
  };
  return cost(0);
}

describe("optimalCuts", () => {
  it("an empty year costs one request per 30 days", () => {
    expect(optimalCuts(new Array(365).fill(0)).requests).toBe(13);
  });

  it("cuts around a page boundary rather than pay for a page that holds a handful", () => {
    // 60 days of 3 a day = 180 matches: two 30-day windows of 90 (2 requests), not 100 + 80 (also 2),
    // and never one that overflows: 31 days of 3 would be 93, fine, but 30 is the API's maximum.
    const cuts = optimalCuts(new Array(60).fill(3));
    expect(cuts.requests).toBe(2);
    expect(cuts.windows.map((w) => w.days)).toEqual([30, 30]);
    // A burst of 101 on one day: its window costs 2 whatever it is, the other stays wide.
    const burst = new Array(60).fill(1);
    burst[29] = 101;
    expect(optimalCuts(burst).requests).toBe(3);
    expect(optimalCuts(burst.slice(20, 32), { maxDays: 4 }).requests).toBe(
      bruteForce(burst.slice(20, 32), 4, 100),
    );
  });

  it("the windows cover every day once and add up to the bound", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 12 }), (days) => {
        const cuts = optimalCuts(days, { maxDays: 4, perPage: 100 });
        expect(cuts.requests).toBe(bruteForce(days, 4, 100));
        expect(cuts.windows.reduce((n, w) => n + w.days, 0)).toBe(days.length);
        expect(cuts.windows.reduce((n, w) => n + w.requests, 0)).toBe(cuts.requests);
        expect(cuts.windows.every((w) => w.days <= 4)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
