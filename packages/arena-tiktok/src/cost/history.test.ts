import { MemoryCheckpointStore } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { estimateVideoCost, readHistory, recordHistory } from "./estimate-cost.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");

describe("estimateCost's history", () => {
  it("adds the shares of one run (workers, resumed processes) and counts its days once", async () => {
    const store = new MemoryCheckpointStore();
    const share = { shape: "terms:abc", days: 30, pages: 10, requests: 11, records: 900 };
    // One run collected by two workers, another run of the same shape by one process, resumed once.
    await recordHistory(store, { ...share, runId: "run-a" }, "w1@1", NOW);
    await recordHistory(
      store,
      { ...share, runId: "run-a", pages: 5, requests: 5, records: 400 },
      "w2@1",
      NOW,
    );
    await recordHistory(store, { ...share, runId: "run-b", days: 10, pages: 2 }, "solo@1", NOW);
    await recordHistory(store, { ...share, runId: "run-b", days: 10, pages: 1, requests: 1 }, "solo@2", NOW);
    // Another query shape is not counted.
    await recordHistory(store, { ...share, shape: "terms:other", runId: "run-c" }, "solo@1", NOW);

    expect(await readHistory(store, "terms:abc")).toEqual({
      days: 40,
      pages: 10 + 5 + 2 + 1,
      requests: 11 + 5 + 11 + 1,
      records: 900 + 400 + 900 + 900,
      runs: 2,
    });
    expect(await readHistory(store, "terms:none")).toBeUndefined();

    const estimate = await estimateVideoCost({
      partitions: 1,
      since: new Date("2026-09-01T00:00:00Z"),
      until: new Date("2026-09-21T00:00:00Z"),
      windowDays: 7,
      maxCount: 100,
      shape: "terms:abc",
      checkpoints: store,
    });
    expect(estimate.basis).toBe("history");
    // 28 requests over 40 days → 14 for 20 days (not 7, as counting run-a's days twice would say).
    expect(estimate.requests.expected).toBe(14);
    expect(estimate.records.expected).toBe(1550);
  });

  it("counts a run once it completed, with the shares of invocations that paused or were killed before", async () => {
    const store = new MemoryCheckpointStore();
    const share = { shape: "terms:abc", runId: "run-a", days: 30 };
    // The first invocation was paused by the quota (or killed) after 8 pages: its last share, not completed.
    await recordHistory(
      store,
      { ...share, pages: 8, requests: 9, records: 700, completed: false },
      "solo@1",
      NOW,
    );
    expect(await readHistory(store, "terms:abc")).toBeUndefined(); // a run under way is not a cost yet
    // The resumed invocation completed it.
    await recordHistory(
      store,
      { ...share, pages: 3, requests: 3, records: 200, completed: true },
      "solo@2",
      NOW,
    );
    expect(await readHistory(store, "terms:abc")).toEqual({
      days: 30,
      pages: 11,
      requests: 12,
      records: 900,
      runs: 1,
    });
  });
});
