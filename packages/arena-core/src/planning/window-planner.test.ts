import { describe, expect, it } from "vitest";
import type { DateWindow } from "../helpers/date-windows.js";
import { DAY_MS } from "../helpers/utc-day.js";
import { cheapestWindowDays, expectedWindowRequests } from "./expected-window-cost.js";
import { WindowPlanner } from "./window-planner.js";

const T0 = Date.parse("2025-01-01T00:00:00Z");
const days = (w: DateWindow) => (w.until.getTime() - w.since.getTime()) / DAY_MS;

/** Plans a whole range with `planner`, the API answering `density` matches a day (and failures). */
function plan(planner: WindowPlanner, total: number, density: number, failuresPerPage = () => 0) {
  const out: DateWindow[] = [];
  let since = new Date(T0);
  const until = new Date(T0 + total * DAY_MS);
  while (since < until) {
    const window = planner.next(since, until);
    const records = Math.round(days(window) * density);
    const pages = Math.max(1, Math.ceil(records / 100));
    for (let p = 0; p < pages; p++) planner.noteFailures(window, failuresPerPage());
    planner.observe({ window, records, pages, split: false });
    out.push(window);
    since = window.until;
  }
  return out;
}

describe("WindowPlanner", () => {
  it("starts wide with nothing known (a sparse query's cold start), spreading the days evenly", () => {
    const windows = plan(new WindowPlanner(), 365, 0.5);
    expect(windows).toHaveLength(13);
    expect(windows.every((w) => days(w) <= 30)).toBe(true);
    expect(windows[0]!.since.getTime()).toBe(T0);
    // Contiguous, covering the range exactly.
    for (let i = 1; i < windows.length; i++) expect(windows[i]!.since).toEqual(windows[i - 1]!.until);
    expect(windows.at(-1)!.until.getTime()).toBe(T0 + 365 * DAY_MS);
  });

  it("the user's windowDays is a maximum", () => {
    const windows = plan(new WindowPlanner({ maxDays: 7 }), 60, 0);
    expect(Math.max(...windows.map(days))).toBeLessThanOrEqual(7);
    expect(windows).toHaveLength(9);
  });

  it("narrows a window that overflows a page by a few records, once the density is known", () => {
    // 3.4 a day: 30 days hold ~102, just over a page; ~28 days stay within one page.
    const planner = new WindowPlanner({ history: { density: 3.4 } });
    const first = planner.next(new Date(T0), new Date(T0 + 365 * DAY_MS));
    expect(days(first)).toBeLessThan(30);
    expect(expectedWindowRequests(3.4, days(first))).toBeLessThan(1.2);
  });

  it("halves the window after one that failed often, and widens it again after clean ones", () => {
    const planner = new WindowPlanner();
    const range = new Date(T0 + 365 * DAY_MS);
    const w1 = planner.next(new Date(T0), range);
    planner.noteFailures(w1, 3);
    planner.observe({ window: w1, records: 500, pages: 5, split: false });
    const w2 = planner.next(w1.until, range);
    expect(days(w2)).toBeLessThanOrEqual(days(w1) / 2);
    planner.observe({ window: w2, records: 200, pages: 2, split: false });
    const w3 = planner.next(w2.until, range);
    expect(days(w3)).toBeGreaterThan(days(w2));
    planner.observe({ window: w3, records: 0, pages: 1, split: true });
    expect(days(planner.next(w3.until, range))).toBeLessThanOrEqual(Math.max(1, days(w3) / 2));
    expect(planner.summary().failures).toBe(3);
  });

  it("counts the matches the API reported, deleted videos included, not only the records kept", () => {
    const planner = new WindowPlanner();
    const w = planner.next(new Date(T0), new Date(T0 + 365 * DAY_MS));
    planner.noteMatches(w, 45 * days(w));
    planner.observe({ window: w, records: 40 * days(w), pages: 1, split: false });
    expect(planner.density).toBe(45);
  });

  it("a split window whose halves finished still tells the density; one still under way does not", () => {
    const planner = new WindowPlanner();
    const range = new Date(T0 + 365 * DAY_MS);
    const w = planner.next(new Date(T0), range);
    planner.observe({ window: w, records: 300, pages: 3, split: true });
    expect(planner.density).toBeUndefined();
    const next = planner.next(w.until, range);
    planner.observe({ window: next, records: 0, pages: 2, split: true, splitRecords: 60 * days(next) });
    expect(planner.density).toBe(60);
  });

  it("a window begun before it (an earlier invocation) does not widen the next one without a failure seen", () => {
    // The last run narrowed to 7 days after failures; a 7-day window was in flight at the pause.
    const planner = new WindowPlanner({ history: { density: 500, windowDays: 7 } });
    const range = new Date(T0 + 365 * DAY_MS);
    const resumed = { since: new Date(T0), until: new Date(T0 + 7 * DAY_MS) };
    planner.observe({ window: resumed, records: 3_500, pages: 35, split: false });
    expect(days(planner.next(resumed.until, range))).toBeLessThanOrEqual(7);
    // A window it chose itself, clean from its first page: the next may be wider.
    const own = planner.next(resumed.until, range);
    planner.observe({ window: own, records: 500 * days(own), pages: 5 * days(own), split: false });
    expect(days(planner.next(own.until, range))).toBeGreaterThan(7);
  });

  it("starts where the history says the query worked", () => {
    const planner = new WindowPlanner({ history: { density: 2_000, windowDays: 4 } });
    expect(days(planner.next(new Date(T0), new Date(T0 + 365 * DAY_MS)))).toBeLessThanOrEqual(4);
  });

  it("the cheapest length per day is the widest for empty and dense queries", () => {
    expect(cheapestWindowDays(0, 30)).toBe(30);
    expect(cheapestWindowDays(2_000, 30)).toBe(30);
    expect(cheapestWindowDays(3.4, 30)).toBeLessThan(30);
    // 2.8 a day: 84 in 30 days, one page; the daily variation averages out over a month's days, so a
    // 30-day window is not cut short for fear of the 100th match.
    expect(cheapestWindowDays(2.8, 30)).toBe(30);
  });
});
