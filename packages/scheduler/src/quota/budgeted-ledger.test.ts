import {
  type Clock,
  MemoryQuotaLedger,
  QuotaExhaustedError,
  type QuotaLedger,
  type QuotaReservation,
} from "@observatory/arena-core";
import type { TikTokCollector } from "@observatory/arena-tiktok";
import { describe, expect, it } from "vitest";
import { InProcessExecutor } from "../executor/in-process-executor.js";
import { parseSchedule, type Schedule } from "../schedule/schedule.js";
import { MemorySchedulerStore } from "../store/memory-scheduler-store.js";
import { BudgetedQuotaLedger, capsFor, type QuotaShares } from "./budgeted-ledger.js";

class TestClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

const DAY = "2026-09-10";
const at = (iso: string) => Date.parse(iso);
/** 10 requests a day, 20 % of them kept for refresh and compliance: collections may spend 8. */
const SHARES: QuotaShares = { dailyRequests: 10, reservedShare: 0.2 };

function world() {
  const clock = new TestClock(at(`${DAY}T08:00:00Z`));
  const store = new MemorySchedulerStore({ clock });
  const platform = new MemoryQuotaLedger({
    clock,
    pools: { research: { requests: 10, records: 10_000 }, other: { requests: 5, records: 500 } },
  });
  const ledger = (job: Parameters<typeof capsFor>[0]) =>
    new BudgetedQuotaLedger(platform, store, capsFor(job, SHARES), clock);
  return { clock, store, platform, ledger };
}

/** Reserves one request at a time until refused; returns how many were granted and the refusal. */
async function drain(ledger: QuotaLedger, max = 50): Promise<{ granted: number; refusal: unknown }> {
  for (let granted = 0; granted < max; granted++) {
    try {
      await ledger.reserve("cred", "research", 1);
    } catch (refusal) {
      return { granted, refusal };
    }
  }
  return { granted: max, refusal: undefined };
}

describe("BudgetedQuotaLedger: the day's quota shared out", () => {
  it("a schedule's daily budget: refused past it as a spent quota that resumes at 00:00 UTC, not a failure", async () => {
    const { ledger, store } = world();
    const energi = ledger({ kind: "collect", schedule: "energi", dailyBudget: 3 });
    const { granted, refusal } = await drain(energi);
    expect(granted).toBe(3);
    expect(refusal).toBeInstanceOf(QuotaExhaustedError);
    expect((refusal as QuotaExhaustedError).resumeAt).toBe("2026-09-11T00:00:00.000Z");
    expect((refusal as Error).message).toContain('"collect:energi"');
    // The refused request was given back to the shares it had been counted under.
    expect(Object.fromEntries(await store.spend(DAY))).toEqual({ collect: 3, "collect:energi": 3 });
    // Another schedule still has the rest of the collection share.
    const klima = ledger({ kind: "collect", schedule: "klima", dailyBudget: null });
    expect((await drain(klima)).granted).toBe(5);
  });

  it("the reserved share: collections stop at 80 %, refresh and compliance spend the rest", async () => {
    const { ledger, store, platform } = world();
    const broad = ledger({ kind: "collect", schedule: "broad", dailyBudget: null });
    const collected = await drain(broad);
    expect(collected.granted).toBe(8);
    expect((collected.refusal as Error).message).toContain('"collect" (8 requests)');
    const refresh = await drain(ledger({ kind: "refresh" }), 1);
    const compliance = await drain(ledger({ kind: "compliance" }));
    expect(refresh.granted + compliance.granted).toBe(2);
    // Past the platform's own limit the platform ledger refuses, and the shares are given back.
    expect(compliance.refusal).toBeInstanceOf(QuotaExhaustedError);
    expect(Object.fromEntries(await store.spend(DAY))).toEqual({
      collect: 8,
      "collect:broad": 8,
      refresh: 1,
      compliance: 1,
    });
    expect((await platform.state("cred", "research")).requestsUsed).toBe(10);
  });

  it("a release gives the request back to every share; a new UTC day starts every share at zero", async () => {
    const { ledger, store, clock } = world();
    const energi = ledger({ kind: "collect", schedule: "energi", dailyBudget: 2 });
    const first: QuotaReservation = await energi.reserve("cred", "research", 1);
    await energi.reserve("cred", "research", 1);
    await energi.release(first);
    expect(Object.fromEntries(await store.spend(DAY))).toEqual({ collect: 1, "collect:energi": 1 });
    expect((await drain(energi)).granted).toBe(1);
    clock.t = at("2026-09-11T00:00:00Z");
    expect((await drain(energi)).granted).toBe(2);
    expect(Object.fromEntries(await store.spend("2026-09-11"))).toEqual({ collect: 2, "collect:energi": 2 });
  });

  it("other pools pass through without being counted", async () => {
    const { ledger, store } = world();
    await ledger({ kind: "collect", schedule: "energi", dailyBudget: 1 }).reserve("cred", "other", 1);
    expect((await store.spend(DAY)).size).toBe(0);
  });
});

/** An arena whose every window costs one request (through the ledger the job gives it) and finds nothing. */
function oneRequestPerWindow(quota: QuotaLedger): TikTokCollector {
  const windowStream = (options?: { onProgress?: (p: unknown) => void }) => ({
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<never>> => {
        try {
          await quota.reserve("cred", "research", 1);
          options?.onProgress?.({ phase: "completed", requests: 1, givenUp: [] });
        } catch (error) {
          if (!(error instanceof QuotaExhaustedError)) throw error;
          options?.onProgress?.({ phase: "paused", resumeAt: error.resumeAt, requests: 0, givenUp: [] });
        }
        return { done: true, value: undefined };
      },
    }),
  });
  return {
    collectByTerms: (_q: unknown, o?: { onProgress?: (p: unknown) => void }) => windowStream(o),
    collectByActors: (_q: unknown, o?: { onProgress?: (p: unknown) => void }) => windowStream(o),
  } as unknown as TikTokCollector;
}

const schedule = (input: Record<string, unknown>): Schedule => ({
  ...parseSchedule(input),
  paused: false,
  createdAt: `${DAY}T00:00:00.000Z`,
});

describe("budgets and priorities in the executor: a broad schedule does not starve the others", () => {
  it("each schedule spends within its budget, the rest waits (paused, not failed) until 00:00 UTC and goes on by itself", async () => {
    const { clock, store, platform } = world();
    // "broad" comes first (priority 1) and would take the whole collection share for its backfill.
    await store.addSchedule(
      schedule({ name: "broad", query: { terms: ["a"] }, since: "2026-08-01", priority: 1, dailyBudget: 4 }),
    );
    await store.addSchedule(
      schedule({ name: "narrow", query: { terms: ["b"] }, since: "2026-09-07", priority: 9 }),
    );
    const executor = new InProcessExecutor({
      store,
      clock,
      quota: platform,
      shares: SHARES,
      collector: ({ quota }) => oneRequestPerWindow(quota),
    });
    const first = await executor.tick();
    expect(first.failed).toEqual([]);
    expect(first.paused).toBeGreaterThan(0);
    expect(first.resumeAt).toBe("2026-09-11T00:00:00.000Z");
    const covered = async () =>
      Object.fromEntries([...(await store.coverage())].map(([name, days]) => [name, days.size]));
    // broad: its budget of 4 windows; narrow (last in priority): its 3 backfill days, inside the share of 8.
    expect(await covered()).toEqual({ broad: 4, narrow: 3 });
    expect(Object.fromEntries(await store.spend(DAY))).toMatchObject({ collect: 7, "collect:broad": 4 });
    // Later the same day nothing more is spent on broad: it waits for the new day.
    clock.t = at(`${DAY}T20:00:00Z`);
    const evening = await executor.tick();
    expect(evening.failed).toEqual([]);
    expect(await covered()).toEqual({ broad: 4, narrow: 3 });
    // After 00:00 UTC it goes on with a fresh budget (the new day and live-tail re-queries first).
    clock.t = at("2026-09-11T00:30:00Z");
    const next = await executor.tick();
    expect(next.failed).toEqual([]);
    expect(Object.fromEntries(await store.spend("2026-09-11"))).toMatchObject({ "collect:broad": 4 });
    expect((await covered()).broad).toBeGreaterThan(4);
  });

  it("a request the job's start already counted (prepaid) is not asked for again; an unused one is given back", async () => {
    const { clock, store, platform } = world();
    const caps = capsFor({ kind: "collect", schedule: "energi", dailyBudget: 3 }, SHARES);
    let asked = 0;
    const counting = {
      trySpendShares: (...args: Parameters<typeof store.trySpendShares>) => {
        asked++;
        return store.trySpendShares(...args);
      },
    };
    // The start counted one request (as scheduler_start_collect does).
    expect(await store.trySpendShares(DAY, caps, 1)).toHaveLength(2);
    const paid = new BudgetedQuotaLedger(platform, counting, caps, clock, { day: DAY, requests: 1 });
    await paid.reserve("cred", "research", 1);
    expect(asked).toBe(0);
    await paid.reserve("cred", "research", 1);
    expect(asked).toBe(1);
    expect(Object.fromEntries(await store.spend(DAY))).toEqual({ collect: 2, "collect:energi": 2 });
    await paid.returnUnused();
    expect(Object.fromEntries(await store.spend(DAY))).toEqual({ collect: 2, "collect:energi": 2 });
    // Unused (the job sent nothing), or counted for a day that has ended: given back to that day.
    expect(await store.trySpendShares(DAY, caps, 1)).toHaveLength(2);
    const unused = new BudgetedQuotaLedger(platform, counting, caps, clock, { day: DAY, requests: 1 });
    clock.t = at("2026-09-11T00:00:01Z");
    await unused.reserve("cred", "research", 1);
    expect(asked).toBe(2);
    await unused.returnUnused();
    await unused.returnUnused();
    expect(Object.fromEntries(await store.spend(DAY))).toEqual({ collect: 2, "collect:energi": 2 });
    expect(Object.fromEntries(await store.spend("2026-09-11"))).toEqual({ collect: 1, "collect:energi": 1 });
  });

  it("a prepaid request the platform's ledger refuses is given back to the shares", async () => {
    const { clock, store } = world();
    const full = new MemoryQuotaLedger({ clock, pools: { research: { requests: 0, records: 0 } } });
    const caps = capsFor({ kind: "collect", schedule: "energi", dailyBudget: 3 }, SHARES);
    expect(await store.trySpendShares(DAY, caps, 1)).toHaveLength(2);
    const paid = new BudgetedQuotaLedger(full, store, caps, clock, { day: DAY, requests: 1 });
    await expect(paid.reserve("cred", "research", 1)).rejects.toBeInstanceOf(QuotaExhaustedError);
    await paid.returnUnused();
    expect(Object.fromEntries(await store.spend(DAY))).toEqual({ collect: 0, "collect:energi": 0 });
  });
});
