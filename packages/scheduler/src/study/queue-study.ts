import {
  createDefaultLanguageDetector,
  type LanguageDetector,
  MemoryTokenCache,
} from "@observatory/arena-core";
import { type QueuedJob, type QueueProducer, QueueWorker } from "../executor/bullmq-executor.js";
import type { QueueLocation } from "../executor/queue-connection.js";
import type { JobDeps } from "../executor/run-job.js";
import type { PostgresSchedulerStore } from "../store/postgres-scheduler-store.js";
import { SimClock } from "./sim-clock.js";
import type { DayRun, RunDay } from "./simulate-study.js";
import { worldCollectors } from "./simulated-world.js";

/** A job's dependencies in a simulated study: its own clock, starting at the time it was planned. */
export async function studyJobDeps(
  queued: QueuedJob,
  ctx: {
    store: PostgresSchedulerStore;
    emulatorUrl: string;
    dailyRequests: number;
    detector: LanguageDetector;
    tokens: MemoryTokenCache;
  },
): Promise<JobDeps> {
  const clock = new SimClock(queued.plannedAt);
  return {
    store: ctx.store,
    clock,
    quota: ctx.store.records.quotaLedger({
      clock,
      pools: { research: { requests: ctx.dailyRequests, records: ctx.dailyRequests * 100 } },
    }),
    shares: { dailyRequests: ctx.dailyRequests, reservedShare: 0.2 },
    collector: await worldCollectors({
      baseUrl: ctx.emulatorUrl,
      clock,
      sleep: clock.sleep,
      tokenCache: ctx.tokens,
      detector: ctx.detector,
    }),
  };
}

/** In a simulation a spent quota waits for the controller's next day, not for real hours. */
export const SIM_RATE_LIMIT_MS = 600_000;

/** Starts a queue worker for a simulated study (in this process, or in a worker process). */
export async function startStudyWorker(input: {
  location: QueueLocation;
  store: PostgresSchedulerStore;
  emulatorUrl: string;
  dailyRequests: number;
  concurrency?: number;
  lockDurationMs?: number;
}): Promise<QueueWorker> {
  const detector = await createDefaultLanguageDetector();
  const tokens = new MemoryTokenCache();
  return new QueueWorker(input.location, {
    concurrency: input.concurrency ?? 2,
    lockDurationMs: input.lockDurationMs ?? 4_000,
    rateLimitMs: () => SIM_RATE_LIMIT_MS,
    deps: (queued) =>
      studyJobDeps(queued, {
        store: input.store,
        emulatorUrl: input.emulatorUrl,
        dailyRequests: input.dailyRequests,
        detector,
        tokens,
      }),
  });
}

/**
 * A simulated day through the queue: lift yesterday's rate limit, plan and add what is due, then
 * wait until the queue is empty or waits for the quota (rate-limited). `during` runs while waiting
 * (a test kills workers there).
 */
export function queueRunDay(
  producer: QueueProducer,
  store: PostgresSchedulerStore,
  options: { during?: (day: number) => Promise<void> | void; timeoutMs?: number } = {},
): RunDay {
  let day = 0;
  return async (now) => {
    day++;
    await producer.liftRateLimit();
    const clock = new SimClock(now);
    const run: DayRun = { done: 0, paused: 0, failed: [] };
    const completedBefore = (await producer.queue.getJobCounts("completed")).completed ?? 0;
    const failedBefore = (await producer.queue.getJobCounts("failed")).failed ?? 0;
    await producer.tick({ store, clock });
    const until = Date.now() + (options.timeoutMs ?? 300_000);
    let duringDone = false;
    for (;;) {
      if (!duringDone) {
        duringDone = true;
        await options.during?.(day);
      }
      const c = await producer.queue.getJobCounts(
        "waiting",
        "active",
        "prioritized",
        "delayed",
        "failed",
        "completed",
      );
      const pending = (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
      const limited = pending > 0 && (c.active ?? 0) === 0 && (await producer.queue.getRateLimitTtl()) > 0;
      if (((c.active ?? 0) === 0 && pending === 0) || limited) {
        run.done = (c.completed ?? 0) - completedBefore;
        run.paused = limited ? pending : 0;
        const failed = (c.failed ?? 0) - failedBefore;
        if (failed > 0) {
          for (const j of await producer.queue.getJobs(["failed"], 0, failed - 1)) {
            run.failed.push({ id: String(j.id), reason: j.failedReason ?? "" });
          }
        }
        return run;
      }
      if (Date.now() > until) throw new Error(`the day's jobs did not finish in time: ${JSON.stringify(c)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
}
