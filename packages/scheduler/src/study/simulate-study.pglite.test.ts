import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "@observatory/store-postgres";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresSchedulerStore } from "../store/postgres-scheduler-store.js";
import { inProcessStudyExecutor, simulateStudy } from "./simulate-study.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("a simulated study, in-process, embedded store (PGlite)", () => {
  it("20 days, 3 schedules, a tight quota: every guarantee holds, and the store holds the evidence", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sched-study-"));
    dirs.push(dir);
    let store: PostgresSchedulerStore | undefined;
    const report = await simulateStudy({
      days: 20,
      dailyRequests: 60,
      // A long backfill on the first days: more than a day's collection share (48 requests).
      schedules: [
        { name: "klima", query: { terms: ["klima", "#klima"] }, since: "2026-07-01", priority: 3 },
        { name: "dkpol", query: { terms: ["#dkpol"] }, since: "2026-08-29", priority: 5 },
        {
          name: "energi",
          query: { terms: ["energi", "#energi"] },
          since: "2026-09-01",
          priority: 7,
          dailyBudget: 12,
        },
      ],
      store: async (clock) => {
        store = await PostgresSchedulerStore.open(await openStore(dir, { clock }), { clock });
        return store;
      },
      executor: inProcessStudyExecutor({
        quota: (clock, requests) =>
          (store as PostgresSchedulerStore).records.quotaLedger({
            clock,
            pools: { research: { requests, records: requests * 100 } },
          }),
      }),
      onDay: (d) =>
        console.log(
          d.day,
          d.requests,
          JSON.stringify(d.spend),
          d.jobs.done,
          d.jobs.paused,
          JSON.stringify(d.jobs.failed.slice(0, 2)),
        ),
    });
    for (const g of report.guarantees) console.log(g.held ? "ok  " : "FAIL", g.name, "—", g.detail);
    await store?.close();
    expect(report.guarantees.filter((g) => !g.held)).toEqual([]);
    // The backfill spent the collection share: collections waited for the next 00:00 UTC, as pauses.
    expect(report.days.filter((d) => d.jobs.paused > 0).length).toBeGreaterThan(0);
    // Never more than the collection share (80 % of 60) on collections, nor energi's own budget.
    expect(Math.max(...report.days.map((d) => d.spend.collect ?? 0))).toBeLessThanOrEqual(48);
    expect(Math.max(...report.days.map((d) => d.spend["collect:energi"] ?? 0))).toBeLessThanOrEqual(12);
    expect(report.days.every((d) => d.jobs.failed.length === 0)).toBe(true);
  });
});
