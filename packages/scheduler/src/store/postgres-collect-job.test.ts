import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "@observatory/store-postgres";
import { afterAll, describe, expect, it } from "vitest";
import { parseSchedule } from "../schedule/schedule.js";
import { type RunningServer, startPostgres } from "../test-support/servers.js";
import { MemorySchedulerStore } from "./memory-scheduler-store.js";
import { PostgresSchedulerStore } from "./postgres-scheduler-store.js";
import type { SchedulerStore } from "./scheduler-store.js";

const NOW = Date.parse("2026-09-10T08:00:00Z");
const clock = { now: () => NOW };
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const backends: [string, () => Promise<string>][] = [
  [
    "PGlite",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "sched-fn-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  ],
  [
    "PostgreSQL server",
    async () => {
      const pg: RunningServer = await startPostgres();
      cleanups.push(() => pg.stop());
      return pg.url;
    },
  ],
];

/** A collection job's bookkeeping through the scheduler's functions (migration 2), on both backends. */
describe.each(backends)("a collection job's statements on %s", (_name, location) => {
  it("start, the request's shares, finish: a window runs once, a share stops at its cap", async () => {
    const records = await openStore(await location(), { clock });
    const store = await PostgresSchedulerStore.open(records, { clock });
    cleanups.push(() => store.close());
    const versions = await records.sql.query<{ version: number }>(
      "SELECT version FROM scheduler_migrations ORDER BY version",
    );
    expect(versions.rows.map((r) => Number(r.version))).toEqual([1, 2, 3]);
    await store.addSchedule({
      ...parseSchedule({ name: "klima", query: { terms: ["klima"] }, since: "2026-09-01", dailyBudget: 5 }),
      paused: false,
      createdAt: new Date(NOW).toISOString(),
    });
    const job = {
      runId: "collect.klima.all.2026-09-02.first",
      schedule: "klima",
      day: "2026-09-02",
      asOf: null,
    };
    const begun = await store.beginCollect(job);
    if (!begun.run) throw new Error(`not started: ${begun.note}`);
    expect(begun.schedule).toMatchObject({ name: "klima", since: "2026-09-01", dailyBudget: 5 });
    expect(begun.prepaid).toBe(false);
    const runs = await records.sql.query<{ status: string; query: { day: string; schedule: string } }>(
      "SELECT status, query FROM collection_runs WHERE run_id = $1",
      [job.runId],
    );
    expect(runs.rows).toEqual([
      { status: "running", query: expect.objectContaining({ day: "2026-09-02", schedule: "klima" }) },
    ]);
    // Shares: "collect" capped at 2, "collect:klima" uncapped; the third request is refused by "collect".
    const shares = [
      { key: "collect", cap: 2 },
      { key: "collect:klima", cap: null },
    ];
    expect(await store.trySpendShares("2026-09-10", shares, 1)).toEqual(["collect", "collect:klima"]);
    expect(await store.trySpendShares("2026-09-10", shares, 1)).toEqual(["collect", "collect:klima"]);
    expect(await store.trySpendShares("2026-09-10", shares, 1)).toEqual(["collect:klima"]);
    expect(await store.trySpendShares("2026-09-10", [{ key: "collect:klima", cap: null }], -1)).toEqual([
      "collect:klima",
    ]);
    expect(await store.trySpendShares("2026-09-10", [{ key: "collect", cap: 0 }], 1)).toEqual([]);
    expect(Object.fromEntries(await store.spend("2026-09-10"))).toEqual({ collect: 2, "collect:klima": 2 });
    await begun.writer.close("completed", undefined, {
      schedule: "klima",
      partition: "all",
      day: "2026-09-02",
      startedAt: NOW - 1_000,
    });
    expect(await store.windowCollectedAt("klima", "2026-09-02")).toBe(NOW - 1_000);
    const done = await records.sql.query<{ status: string }>(
      "SELECT status FROM collection_runs WHERE run_id = $1",
      [job.runId],
    );
    expect(done.rows).toEqual([{ status: "completed" }]);
    // Collected: the same job does not run again; a live-tail re-query (as of a later day) does.
    expect(await store.beginCollect(job)).toEqual({ run: false, note: "window already collected" });
    const tail = await store.beginCollect({
      ...job,
      runId: "collect.klima.all.2026-09-02.2026-09-11",
      asOf: "2026-09-11",
    });
    expect(tail.run).toBe(true);
    if (tail.run) await tail.writer.close("interrupted");
    expect(await store.beginCollect({ ...job, schedule: "gone" })).toEqual({
      run: false,
      note: "schedule removed",
    });
  });
});

/**
 * The start counts the job's first request under its shares (migration 3): all or none, the
 * schedule's own budget read in the same statement; the memory store does the same.
 */
const prepayStores: [string, () => Promise<SchedulerStore>][] = [
  ["memory", async () => new MemorySchedulerStore({ clock })],
  ...backends.map(([name, location]): [string, () => Promise<SchedulerStore>] => [
    name,
    async () => {
      const store = await PostgresSchedulerStore.open(await openStore(await location(), { clock }), {
        clock,
      });
      cleanups.push(() => store.close());
      return store;
    },
  ]),
];

describe.each(prepayStores)(
  "a collection job's start with its first request's shares on %s",
  (_name, open) => {
    it("counts them all or none, under the schedule's own budget; a job that does not run counts nothing", async () => {
      const store = await open();
      const add = (name: string, dailyBudget: number | null) =>
        store.addSchedule({
          ...parseSchedule({ name, query: { terms: [name] }, since: "2026-09-01", dailyBudget }),
          paused: false,
          createdAt: new Date(NOW).toISOString(),
        });
      await add("klima", 1);
      await add("energi", null);
      const day = "2026-09-10";
      const prepay = (schedule: string, collectCap = 2) => ({
        day,
        shares: [
          { key: "collect", cap: collectCap },
          { key: `collect:${schedule}`, cap: null },
        ],
        budgetKey: `collect:${schedule}`,
      });
      const job = (schedule: string, runId: string, asOf: string | null = null, collectCap = 2) => ({
        runId,
        schedule,
        day: "2026-09-02",
        asOf,
        prepay: prepay(schedule, collectCap),
      });
      const first = await store.beginCollect(job("klima", "r1"));
      expect(first.run && first.prepaid).toBe(true);
      expect(Object.fromEntries(await store.spend(day))).toEqual({ collect: 1, "collect:klima": 1 });
      // The schedule's budget (1) is spent: refused, and the "collect" share it took is given back.
      const second = await store.beginCollect(job("klima", "r2", "2026-09-11"));
      expect(second.run).toBe(true);
      expect(second.run && second.prepaid).toBe(false);
      expect(Object.fromEntries(await store.spend(day))).toEqual({ collect: 1, "collect:klima": 1 });
      // A share whose cap is below one request (no collection share left at all) is refused without asking.
      const none = await store.beginCollect(job("energi", "r3", null, 0));
      expect(none.run && none.prepaid).toBe(false);
      expect((await store.spend(day)).get("collect:energi") ?? 0).toBe(0);
      // A job that does not run counts nothing.
      if (first.run) {
        await first.writer.close("completed", undefined, {
          schedule: "klima",
          partition: "all",
          day: "2026-09-02",
          startedAt: NOW - 1_000,
        });
      }
      if (second.run) await second.writer.close("interrupted");
      if (none.run) await none.writer.close("interrupted");
      expect(await store.beginCollect(job("klima", "r1"))).toEqual({
        run: false,
        note: "window already collected",
      });
      expect(Object.fromEntries(await store.spend(day))).toEqual({ collect: 1, "collect:klima": 1 });
    });
  },
);
