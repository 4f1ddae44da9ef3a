import { MemoryCheckpointStore } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { estimateVideoCost, recordHistory } from "./estimate-cost.js";
import { plannedRequests } from "./planned-requests.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");
const SINCE = new Date("2025-11-21T00:00:00Z");
const UNTIL = new Date("2026-11-21T00:00:00Z");

/** A year of one partition in windows of at most 30 days, its history in `checkpoints`. */
const yearOf = (shape: string, checkpoints: MemoryCheckpointStore) => ({
  partitions: 1,
  since: SINCE,
  until: UNTIL,
  windowDays: 30,
  maxCount: 100,
  shape,
  checkpoints,
});

/** The requests the planner expects for that year at `density` matches a day. */
const plannedAt = (density: number) =>
  plannedRequests({ since: SINCE, until: UNTIL, partitions: 1, maxDays: 30, perPage: 100, density }).requests;

describe("estimateVideoCost with adaptive windows", () => {
  it("plans the range at the density the planner starts the run from, not at records a day", async () => {
    const store = new MemoryCheckpointStore();
    // One day of history: 40 records kept, but the planner counted 48 matches a day (deleted videos
    // take their place on a page, and a full page says 100 matched).
    await recordHistory(
      store,
      { shape: "terms:x", runId: "day", days: 1, pages: 1, requests: 1, records: 40, completed: true },
      "solo@1",
      NOW,
    );
    const input = yearOf("terms:x", store);
    const planned = (density: number) => Math.round(plannedAt(density));
    const withPlanner = await estimateVideoCost({ ...input, adaptive: { density: 48 } });
    expect(withPlanner.basis).toBe("history");
    expect(withPlanner.requests.expected).toBe(planned(48));
    // Without the planner's history, the cost history's records a day.
    const withoutPlanner = await estimateVideoCost({ ...input, adaptive: {} });
    expect(withoutPlanner.requests.expected).toBe(planned(40));
    expect(withPlanner.requests.expected).toBeGreaterThan(withoutPlanner.requests.expected);
  });

  it("plans from the planner's density of a run under way when no run of the query has completed", async () => {
    const input = yearOf("terms:y", new MemoryCheckpointStore());
    // Nothing known: the rule of thumb.
    expect((await estimateVideoCost({ ...input, adaptive: {} })).basis).toBe("partitions");
    // A paused run's planner knows 250 matches a day from the windows it finished.
    const underWay = await estimateVideoCost({ ...input, adaptive: { density: 250, windowDays: 30 } });
    expect(underWay.basis).toBe("history");
    const planned = plannedAt(250);
    expect(underWay.requests.expected).toBe(Math.round(planned));
    expect(underWay.records.expected).toBe(250 * 365);
    expect(underWay.notes.join(" ")).toMatch(/has not completed/);
    // Its failed requests so far (500s, charged) count in the same proportion: 12 requests for 10 pages.
    await recordHistory(
      input.checkpoints,
      {
        shape: "terms:y",
        runId: "paused",
        days: 365,
        pages: 10,
        requests: 12,
        records: 900,
        completed: false,
      },
      "solo@1",
      NOW,
    );
    const withFailures = await estimateVideoCost({ ...input, adaptive: { density: 250, windowDays: 30 } });
    expect(withFailures.requests.expected).toBe(Math.round(planned * 1.2));
  });
});
