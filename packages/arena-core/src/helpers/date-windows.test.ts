import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DateWindow, dateWindows, formatWindow, splitWindow } from "./date-windows.js";
import { DAY_MS } from "./utc-day.js";

const START = Date.UTC(2020, 0, 1);
const END = Date.UTC(2030, 0, 1);
/** Instants in 2020–2030, half of them on UTC midnights (the usual case), the rest anywhere. */
const instant = fc.oneof(
  fc.integer({ min: START / DAY_MS, max: END / DAY_MS }).map((d) => d * DAY_MS),
  fc.integer({ min: START, max: END }),
);
const range = fc
  .tuple(instant, fc.integer({ min: 1, max: 400 * DAY_MS }))
  .map(([since, length]) => ({ since: new Date(since), until: new Date(since + length) }));
const maxDays = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.25, max: 45, noNaN: true }));

const isMidnight = (d: Date) => d.getTime() % DAY_MS === 0;

/** Whether windows cover [since, until) exactly: consecutive, no gap, no overlap, none empty. */
function covers(windows: DateWindow[], since: Date, until: Date): boolean {
  if (!windows.length) return false;
  if (windows[0]!.since.getTime() !== since.getTime()) return false;
  if (windows.at(-1)!.until.getTime() !== until.getTime()) return false;
  return windows.every(
    (w, i) => w.since < w.until && (i === 0 || w.since.getTime() === windows[i - 1]!.until.getTime()),
  );
}

describe("dateWindows", () => {
  it("covers [since, until) exactly, without overlap, none longer than maxDays", () => {
    fc.assert(
      fc.property(range, maxDays, ({ since, until }, days) => {
        const windows = dateWindows(since, until, days);
        return (
          covers(windows, since, until) &&
          windows.every((w) => w.until.getTime() - w.since.getTime() <= days * DAY_MS)
        );
      }),
      { numRuns: 500 },
    );
  });

  it("puts every inner boundary on a UTC midnight when windows are at least a day long", () => {
    fc.assert(
      fc.property(range, fc.double({ min: 1, max: 45, noNaN: true }), ({ since, until }, days) => {
        return dateWindows(since, until, days)
          .slice(1)
          .every((w) => isMidnight(w.since));
      }),
      { numRuns: 500 },
    );
  });

  it("uses whole windows of maxDays between midnights, a shorter one only at the end", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: START / DAY_MS, max: END / DAY_MS }),
        fc.integer({ min: 1, max: 365 }),
        fc.integer({ min: 1, max: 30 }),
        (day, length, days) => {
          const since = new Date(day * DAY_MS);
          const until = new Date((day + length) * DAY_MS);
          const windows = dateWindows(since, until, days);
          expect(windows).toHaveLength(Math.ceil(length / days));
          for (const w of windows.slice(0, -1))
            expect(w.until.getTime() - w.since.getTime()).toBe(days * DAY_MS);
        },
      ),
    );
  });

  it("splits a week into 7 days, and a partial first day ends at midnight", () => {
    const days = dateWindows(new Date("2026-09-01T00:00:00Z"), new Date("2026-09-08T00:00:00Z"), 1);
    expect(days.map(formatWindow)).toEqual([
      "2026-09-01..2026-09-02",
      "2026-09-02..2026-09-03",
      "2026-09-03..2026-09-04",
      "2026-09-04..2026-09-05",
      "2026-09-05..2026-09-06",
      "2026-09-06..2026-09-07",
      "2026-09-07..2026-09-08",
    ]);
    const partial = dateWindows(new Date("2026-09-01T10:00:00Z"), new Date("2026-09-03T00:00:00Z"), 7);
    expect(partial.map(formatWindow)).toEqual(["2026-09-01T10:00:00.000Z..2026-09-03"]);
    const twoParts = dateWindows(new Date("2026-09-01T10:00:00Z"), new Date("2026-09-03T06:00:00Z"), 1);
    expect(twoParts.map(formatWindow)).toEqual([
      "2026-09-01T10:00:00.000Z..2026-09-02",
      "2026-09-02..2026-09-03",
      "2026-09-03..2026-09-03T06:00:00.000Z",
    ]);
  });

  it("returns no window for an empty or inverted range", () => {
    const d = new Date("2026-09-01");
    expect(dateWindows(d, d, 7)).toEqual([]);
    expect(dateWindows(new Date("2026-09-02"), d, 7)).toEqual([]);
  });

  it("rejects a maxDays that could never advance, and invalid dates", () => {
    const a = new Date("2026-09-01");
    const b = new Date("2026-09-02");
    for (const bad of [0, -1, Number.NaN, 1e-12]) expect(() => dateWindows(a, b, bad)).toThrow(RangeError);
    expect(() => dateWindows(new Date("nope"), b, 1)).toThrow(RangeError);
  });
});

describe("splitWindow", () => {
  it("splits on a UTC midnight strictly inside, and the halves cover the window", () => {
    fc.assert(
      fc.property(range, ({ since, until }) => {
        const parts = splitWindow({ since, until });
        const inside = Math.floor(since.getTime() / DAY_MS) * DAY_MS + DAY_MS < until.getTime();
        if (!inside) {
          expect(parts).toEqual([{ since, until }]);
          return;
        }
        expect(parts).toHaveLength(2);
        expect(covers(parts, since, until)).toBe(true);
        expect(isMidnight(parts[1]!.since)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("halves a multi-day window as evenly as whole days allow", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: START / DAY_MS, max: END / DAY_MS }),
        fc.integer({ min: 2, max: 60 }),
        (day, n) => {
          const [a, b] = splitWindow({ since: new Date(day * DAY_MS), until: new Date((day + n) * DAY_MS) });
          const lengths = [a!, b!].map((w) => (w.until.getTime() - w.since.getTime()) / DAY_MS);
          expect(Math.abs(lengths[0]! - lengths[1]!)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it("keeps a single day whole, and splits a sub-day window that crosses midnight", () => {
    const day = { since: new Date("2026-09-01T00:00:00Z"), until: new Date("2026-09-02T00:00:00Z") };
    expect(splitWindow(day)).toEqual([day]);
    const crossing = { since: new Date("2026-09-01T20:00:00Z"), until: new Date("2026-09-02T04:00:00Z") };
    expect(splitWindow(crossing).map(formatWindow)).toEqual([
      "2026-09-01T20:00:00.000Z..2026-09-02",
      "2026-09-02..2026-09-02T04:00:00.000Z",
    ]);
  });
});
