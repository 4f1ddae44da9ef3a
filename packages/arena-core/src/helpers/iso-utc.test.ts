import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoUtc } from "./iso-utc.js";

describe("isoUtc", () => {
  it("equals Date's toISOString from 1970 to 9999, at every day boundary and leap day", () => {
    const cases = [0, 1, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, 253_402_300_799_999];
    for (const ms of cases) expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    for (let day = 0; day < 2_932_897; day += 97) {
      const ms = day * 86_400_000;
      if (isoUtc(ms) !== new Date(ms).toISOString()) expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it("leaves every other instant to Date (six-digit years, before 1970, fractions) and throws as it does", () => {
    for (const ms of [-1, -62_198_755_200_000, 253_402_300_800_000, 8.64e15, 1.5, 1_700_000_000_000.25])
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoUtc(Number.NaN)).toThrow(RangeError);
    expect(() => isoUtc(8.64e15 + 1)).toThrow(RangeError);
  });
});
