import { describe, expect, it } from "vitest";
import { MemoryCheckpointStore } from "../adapters/memory-checkpoint-store.js";
import { readCostHistory, recordCostShare } from "./cost-history.js";

describe("cost history", () => {
  it("sums the shares of completed runs of one shape, each run's days once; runs under way do not count", async () => {
    const store = new MemoryCheckpointStore();
    const share = { shape: "terms:x", days: 7, pages: 3, requests: 4, records: 250 };
    await recordCostShare(store, "fake:history", { ...share, runId: "r1" }, "w1@1", 0);
    await recordCostShare(store, "fake:history", { ...share, runId: "r1", completed: true }, "w2@1", 0);
    await recordCostShare(store, "fake:history", { ...share, runId: "r2", completed: false }, "w1@2", 0);
    await recordCostShare(store, "other:history", { ...share, runId: "r3" }, "w1@3", 0);
    expect(await readCostHistory(store, "fake:history", "terms:x")).toEqual({
      days: 7,
      pages: 6,
      requests: 8,
      records: 500,
      runs: 1,
    });
    expect(await readCostHistory(store, "fake:history", "terms:y")).toBeUndefined();
    // The runs under way instead (a run paused by the quota: its share so far).
    expect(await readCostHistory(store, "fake:history", "terms:x", "under-way")).toEqual({
      days: 7,
      pages: 3,
      requests: 4,
      records: 250,
      runs: 1,
    });
  });
});
