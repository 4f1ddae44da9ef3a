import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { engagementScore } from "./engagement-score.js";

describe("engagementScore = ln(1 + likes + 2·comments + 3·shares)", () => {
  it("follows the documented formula", () => {
    expect(engagementScore({ likes: 10, comments: 5, shares: 2 })).toBe(3.295837); // ln(27)
    expect(engagementScore({ likes: 0, comments: 0, shares: 0 })).toBe(0);
    expect(engagementScore({ shares: 1_000_000 })).toBe(14.914123); // ln(3,000,001)
  });

  it("leaves views out", () => {
    expect(engagementScore({ views: 1_000_000, likes: 10 })).toBe(engagementScore({ likes: 10 }));
  });

  it("counts a missing, negative or non-finite count as 0, and is null when all are missing", () => {
    expect(engagementScore({ likes: 10, comments: null })).toBe(engagementScore({ likes: 10, comments: 0 }));
    expect(engagementScore({ likes: 10, shares: -5 })).toBe(engagementScore({ likes: 10 }));
    expect(engagementScore({ likes: Number.NaN, comments: 1 })).toBe(engagementScore({ comments: 1 }));
    expect(engagementScore({})).toBeNull();
    expect(engagementScore({ views: 100, likes: null, comments: null, shares: null })).toBeNull();
  });

  it("weighs a share as 3 likes and a comment as 2, and grows with every interaction", () => {
    expect(engagementScore({ shares: 1 })).toBe(engagementScore({ likes: 3 }));
    expect(engagementScore({ comments: 1 })).toBe(engagementScore({ likes: 2 }));
    fc.assert(
      fc.property(fc.nat(1e7), fc.nat(1e6), fc.nat(1e6), (likes, comments, shares) => {
        const score = engagementScore({ likes, comments, shares })!;
        const more = engagementScore({ likes: likes + 1, comments, shares })!;
        return score >= 0 && more >= score && Number.isFinite(score);
      }),
    );
  });
});
