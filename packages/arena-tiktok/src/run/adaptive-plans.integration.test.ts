// Issue 21 against the emulator: adaptive windows with several in flight keep the quota ledger exact
// and never spend past the daily quota (a run paused by it resumes without a page twice), and
// estimateCost, once the query has history, plans with the same planner and lands near the requests
// actually spent.
import { DAY_MS, MemoryQuotaLedger, QuotaExhaustedError } from "@observatory/arena-core";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  drain,
  EMULATOR_NOW,
  emulatorCollector,
  startTestEmulator,
  truthFor,
} from "../test-support/emulator-harness.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator({
    corpus: { videos: 30_000 },
    quota: { research: { requests: 100_000 } },
  });
});
afterAll(() => emulator.close());

/** An adaptive collector under a daily quota of `requests`, and a clock a test moves to the next day. */
function underDailyQuota(
  api: Emulator,
  requests: number,
  extra: Parameters<typeof emulatorCollector>[1] = {},
) {
  let now = EMULATOR_NOW;
  const clock = { now: () => now };
  const quota = new MemoryQuotaLedger({ clock, pools: { research: { requests, records: 1e9 } } });
  const nextDay = () => {
    now += DAY_MS;
  };
  const made = emulatorCollector(api, {
    clock,
    quota,
    windowPlan: "adaptive",
    ingestionLagDays: 0,
    ...extra,
  });
  return { ...made, quota, nextDay };
}

const charged = () => Object.values(emulator.stats().quota).reduce((n, q) => n + q.research.requests, 0);

describe("adaptive windows, several in flight", () => {
  it("the ledger counts what the API charged, a small quota pauses the run, and the resumed run is exact", async () => {
    const input = { terms: ["i"], since: "2026-03-01", until: "2026-04-15" };
    const { collector, quota, nextDay } = underDailyQuota(emulator, 12, { concurrency: 4 });
    const before = charged();
    const first = await drain(collector.collectByTerms(input, { runId: "in-flight" }));
    expect(first.error).toBeInstanceOf(QuotaExhaustedError);
    // Four windows in flight, and not one request past the quota.
    expect(charged() - before).toBe(12);
    expect((await quota.state("emulator", "research")).requestsUsed).toBe(12);

    // Resumed on the following days until complete: never more than the day's quota, no page twice.
    const records = [...first.records];
    let spent = charged() - before;
    let last = first;
    for (let day = 1; day <= 10 && last.error instanceof QuotaExhaustedError; day++) {
      nextDay();
      last = await drain(collector.collectByTerms(input, { runId: "in-flight" }));
      records.push(...last.records);
      const used = (await quota.state("emulator", "research")).requestsUsed;
      expect(used).toBeLessThanOrEqual(12);
      expect(used).toBe(charged() - before - spent);
      spent = charged() - before;
    }
    expect(last.error).toBeUndefined();
    expect(spent).toBeGreaterThan(24); // it took more than two days of the quota
    const ids = records.map((r) => r.platform_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(truthFor(emulator, input)));
  });
});

describe("broad windows failing, a collection paused by the daily quota", () => {
  it("windows split on later days yield nothing twice: the records are exact", async () => {
    // Broad windows fail often (results scaled to this small corpus), so windows begun on one day are
    // split on a later one; their halves must not yield again what the window yielded before.
    const api = await startTestEmulator({
      corpus: { videos: 30_000 },
      quota: { research: { requests: 100_000 } },
    });
    api.setFaults({ broadWindows: { resultsScale: 300, timeoutDelayMs: 10 }, faultSeed: 21 });
    try {
      const input = { terms: ["i"], since: "2025-11-21", until: "2026-11-21" };
      const { collector, checkpoints, nextDay } = underDailyQuota(api, 20, { windowDays: 30 });
      const ids: string[] = [];
      let days = 0;
      for (
        let error: unknown = new QuotaExhaustedError("start", { resumeAt: "", pool: "research" });
        error;
      ) {
        expect(error).toBeInstanceOf(QuotaExhaustedError);
        expect(++days).toBeLessThan(60);
        const run = await drain(collector.collectByTerms(input, { runId: "broad-paused" }));
        ids.push(...run.records.map((r) => r.platform_id));
        error = run.error;
        nextDay();
      }
      const split = (await checkpoints.list("broad-paused")).filter((c) => c.data?.splitInto);
      expect(split.length).toBeGreaterThan(0);
      expect(days).toBeGreaterThan(3);
      expect(ids.length - new Set(ids).size).toBe(0);
      expect(new Set(ids)).toEqual(new Set(truthFor(api, input)));
      expect(await checkpoints.list("broad-paused#yielded")).toEqual([]);
    } finally {
      await api.close();
    }
  });
});

describe("estimateCost with the planner and its history", () => {
  it("after a week of history, within ±15 % of the requests the adaptive run spends", async () => {
    const { collector } = emulatorCollector(emulator, {
      quota: new MemoryQuotaLedger({
        clock: { now: () => EMULATOR_NOW },
        pools: { research: { requests: 100_000, records: 1e9 } },
      }),
      windowPlan: "adaptive",
      ingestionLagDays: 0,
    });
    const week = { terms: ["i"], since: "2026-01-05", until: "2026-01-12" };
    const range = { terms: ["i"], since: "2026-01-05", until: "2026-05-05" };
    expect((await drain(collector.collectByTerms(week, { runId: "week" }))).error).toBeUndefined();
    const estimate = await collector.estimateCost(range);
    expect(estimate.basis).toBe("history");
    const before = charged();
    expect((await drain(collector.collectByTerms(range, { runId: "range" }))).error).toBeUndefined();
    const actual = charged() - before;
    expect(Math.abs(estimate.requests.expected - actual) / actual).toBeLessThanOrEqual(0.15);
  });

  it("after the first quota day of a collection, plans from the run under way, within ±15 % of what it spends", async () => {
    // A lab's day of quota covers part of the range; the run pauses. What is left is known from the
    // windows it finished, not from a completed run (there is none), and the estimate must say so.
    const range = { terms: ["i"], since: "2025-12-01", until: "2026-06-01" };
    const { collector, nextDay } = underDailyQuota(emulator, 60);
    const cold = await collector.estimateCost(range);
    expect(cold.basis).toBe("partitions");
    const before = charged();
    let last = await drain(collector.collectByTerms(range, { runId: "under-way" }));
    expect(last.error).toBeInstanceOf(QuotaExhaustedError);
    const estimate = await collector.estimateCost(range);
    expect(estimate.basis).toBe("history");
    expect(estimate.notes.join(" ")).toMatch(/has not completed/);
    for (let day = 1; day <= 20 && last.error instanceof QuotaExhaustedError; day++) {
      nextDay();
      last = await drain(collector.collectByTerms(range, { runId: "under-way" }));
    }
    expect(last.error).toBeUndefined();
    const actual = charged() - before;
    expect(actual).toBeGreaterThan(120); // more than two days of this quota
    expect(Math.abs(estimate.requests.expected - actual) / actual).toBeLessThanOrEqual(0.15);
    expect(Math.abs(cold.requests.expected - actual) / actual).toBeGreaterThan(0.5);
  });
});
