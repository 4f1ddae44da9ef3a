import { DAY_MS } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { WindowPlanners } from "./window-planners.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const window = (from: number, days: number) => ({
  since: new Date(T0 + from * DAY_MS),
  until: new Date(T0 + (from + days) * DAY_MS),
});

describe("WindowPlanners.learnt", () => {
  it("is undefined before the first window, and knows no density before a window has ended", () => {
    const planners = new WindowPlanners(30, 100, 2);
    expect(planners.learnt()).toBeUndefined();
    planners.of("a");
    expect(planners.learnt()).toEqual({ windowDays: 30 });
  });

  it("scales the partitions with a known density to all of them, and is exact once all are known", () => {
    const planners = new WindowPlanners(30, 100, 4);
    // Partition a: 600 matches in 30 days (20 a day); the other three have not ended a window.
    planners.of("a").observe({ window: window(0, 30), records: 600, pages: 6, split: false });
    planners.of("b");
    expect(planners.learnt()).toEqual({ density: 80, windowDays: 30 });
    planners.of("b").observe({ window: window(0, 30), records: 300, pages: 3, split: false });
    planners.of("c").observe({ window: window(0, 30), records: 0, pages: 1, split: false });
    planners.of("d").observe({ window: window(0, 30), records: 900, pages: 9, split: false });
    expect(planners.learnt()?.density).toBeCloseTo(20 + 10 + 0 + 30, 9);
  });

  it("keeps the narrowest window that worked (a split halves a partition's ceiling)", () => {
    const planners = new WindowPlanners(30, 100, 2);
    planners.of("a").observe({ window: window(0, 30), records: 50, pages: 1, split: false });
    planners.of("b").observe({ window: window(0, 30), records: 0, pages: 0, split: true });
    expect(planners.learnt()?.windowDays).toBe(15);
  });
});
