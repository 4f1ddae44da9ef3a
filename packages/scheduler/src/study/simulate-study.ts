import { type Logger, MemoryQuotaLedger, type QuotaLedger, silentLogger } from "@observatory/arena-core";
import { DEMO_CLIENT, type Emulator } from "@observatory/tiktok-emulator";
import { addDays, dayStart } from "../planner/days.js";
import { parseSchedule, type Schedule, type ScheduleInput } from "../schedule/schedule.js";
import type { SchedulerStore } from "../store/scheduler-store.js";
import { checkGuarantees, type Guarantee, planningTime } from "./guarantees.js";
import { SimClock } from "./sim-clock.js";
import { startWorld, worldCollectors } from "./simulated-world.js";

/** What a study's day did, from the executor's side. */
export interface DayRun {
  done: number;
  paused: number;
  failed: { id: string; reason: string }[];
}

/** Runs what is due at the clock's time until nothing more can run today (in-process, or through a queue). */
export type RunDay = (now: number) => Promise<DayRun>;

export interface StudyOptions {
  days: number;
  /** The study's first day (default 2026-09-01). */
  start?: string;
  schedules?: ScheduleInput[];
  /** The API's daily research requests (default 1,000). */
  dailyRequests?: number;
  seed?: number;
  /** Opens the study's store on the simulated clock. */
  store: (clock: SimClock) => Promise<SchedulerStore>;
  /**
   * Builds the executor for the study: given the world (emulator), the clock and the shared quota
   * ledger, returns how a day is run. Default: the in-process executor.
   */
  executor: (world: {
    emulator: Emulator;
    clock: SimClock;
    dailyRequests: number;
    store: SchedulerStore;
  }) => Promise<{
    runDay: RunDay;
    close?: () => Promise<void>;
  }>;
  logger?: Logger;
  /** Called after each simulated day. */
  onDay?: (summary: DaySummary) => void;
}

export interface DaySummary {
  day: string;
  requests: number;
  limit: number;
  spend: Record<string, number>;
  jobs: DayRun;
  oldestCheckAt: number | null;
  at: number;
}

export interface StudyReport {
  days: DaySummary[];
  guarantees: Guarantee[];
  held: boolean;
  /** Requests spent per purpose over the study (collect, refresh, compliance). */
  spend: Record<string, number>;
  deletions: number;
  videos: number;
}

/** Three standing collections of the kind a Danish study runs. */
export const DEFAULT_STUDY_SCHEDULES = (start: string): ScheduleInput[] => [
  { name: "klima", query: { terms: ["klima", "#klima"] }, since: addDays(start, -7), priority: 3 },
  { name: "dkpol", query: { terms: ["#dkpol"] }, since: addDays(start, -3), priority: 5 },
  { name: "energi", query: { terms: ["energi", "#energi"] }, since: start, priority: 7, dailyBudget: 150 },
];

/**
 * A whole study on the emulator's living corpus with a simulated clock: each day at 00:30 UTC the
 * executor runs what is due; afterwards the guarantees are checked against the corpus's ground truth.
 */
export async function simulateStudy(options: StudyOptions): Promise<StudyReport> {
  const start = options.start ?? "2026-09-01";
  const dailyRequests = options.dailyRequests ?? 1_000;
  const clock = new SimClock(planningTime(start));
  const emulator = await startWorld({
    clock,
    dailyRequests,
    ...(options.seed ? { seed: options.seed } : {}),
  });
  const store = await options.store(clock);
  const { runDay, close } = await options.executor({ emulator, clock, dailyRequests, store });
  const days: DaySummary[] = [];
  try {
    const now = clock.now();
    for (const input of options.schedules ?? DEFAULT_STUDY_SCHEDULES(start)) {
      const s: Schedule = { ...parseSchedule(input), paused: false, createdAt: new Date(now).toISOString() };
      await store.addSchedule(s);
    }
    for (let i = 0; i < options.days; i++) {
      const day = addDays(start, i);
      clock.set(planningTime(day));
      const jobs = await runDay(clock.now());
      const usage = emulator.stats().quota[DEMO_CLIENT.clientKey]?.research.requests ?? 0;
      const at = planningTime(day);
      const summary = (await store.complianceSummary(at, 1)).find((p) => p.platform === "tiktok");
      const spend = Object.fromEntries(await store.spend(day));
      const d: DaySummary = {
        day,
        requests: usage,
        limit: dailyRequests,
        spend,
        jobs,
        oldestCheckAt: summary?.oldestCheckAt ?? null,
        at,
      };
      days.push(d);
      options.onDay?.(d);
      // The emulator's quota day follows the clock; make sure the next day starts fresh.
      clock.set(dayStart(addDays(day, 1)) - 1);
      emulator.stats();
    }
    const end = planningTime(addDays(start, options.days - 1));
    clock.set(end);
    const schedules = await store.listSchedules();
    const held = await store.auditVideos("tiktok");
    const deletions = await store.deletions();
    const guarantees = checkGuarantees({
      emulator,
      schedules,
      end,
      start: dayStart(start),
      held,
      deletions,
      days: days.map((d) => ({
        day: d.day,
        requests: d.requests,
        limit: d.limit,
        oldestCheckAt: d.oldestCheckAt,
        at: d.at,
      })),
    });
    const spend: Record<string, number> = {};
    for (const d of days) {
      for (const [k, v] of Object.entries(d.spend)) {
        const purpose = k.split(":")[0] as string;
        if (k.includes(":")) continue;
        spend[purpose] = (spend[purpose] ?? 0) + v;
      }
    }
    return {
      days,
      guarantees,
      held: guarantees.every((g) => g.held),
      spend,
      deletions: deletions.length,
      videos: held.length,
    };
  } finally {
    await close?.();
    await emulator.close();
  }
}

/** The in-process executor for a simulated study (one machine, one process). */
export function inProcessStudyExecutor(
  options: { logger?: Logger; quota?: (clock: SimClock, dailyRequests: number) => QuotaLedger } = {},
) {
  return async ({
    emulator,
    clock,
    dailyRequests,
    store,
  }: {
    emulator: Emulator;
    clock: SimClock;
    dailyRequests: number;
    store: SchedulerStore;
  }) => {
    const { InProcessExecutor } = await import("../executor/in-process-executor.js");
    const quota =
      options.quota?.(clock, dailyRequests) ??
      new MemoryQuotaLedger({
        clock,
        pools: { research: { requests: dailyRequests, records: dailyRequests * 100 } },
      });
    const executor = new InProcessExecutor({
      store,
      clock,
      quota,
      shares: { dailyRequests, reservedShare: 0.2 },
      collector: await worldCollectors({ baseUrl: emulator.url, clock, sleep: clock.sleep }),
      logger: options.logger ?? silentLogger,
    });
    const runDay: RunDay = async () => {
      const total: DayRun = { done: 0, paused: 0, failed: [] };
      for (let tick = 0; tick < 4; tick++) {
        const r = await executor.tick();
        total.done += r.done;
        total.paused = r.paused;
        total.failed.push(...r.failed);
        if (r.planned === 0 || r.done === 0) break;
      }
      return total;
    };
    return { runDay };
  };
}
