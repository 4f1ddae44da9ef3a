import { systemClock } from "@observatory/arena-core";
import type { TikTokCollector } from "@observatory/arena-tiktok";
import { openStore } from "@observatory/store-postgres";
import { type BenchResult, isMain, printResult } from "../../../bench/bench-result.js";
import { QueueProducer, QueueWorker } from "../src/executor/bullmq-executor.js";
import { planNow } from "../src/executor/in-process-executor.js";
import type { JobDeps } from "../src/executor/run-job.js";
import { PostgresSchedulerStore } from "../src/store/postgres-scheduler-store.js";
import { startPostgres } from "../src/test-support/servers.js";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * An arena that answers at once with an empty, completed window: what is left of a job is the
 * scheduler's own work (queue, schedule and coverage reads, the run's writer, marking the window).
 */
function instantCollector(): TikTokCollector {
  const stream = (options?: { onProgress?: (p: unknown) => void }) => ({
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<never>> => {
        options?.onProgress?.({
          runId: "x",
          phase: "completed",
          requests: 1,
          records: 0,
          skipped: 0,
          windowsDone: 1,
          windowsTotal: 1,
          givenUp: [],
        });
        return { done: true, value: undefined };
      },
    }),
  });
  return {
    collectByTerms: (_q: unknown, o?: { onProgress?: (p: unknown) => void }) => stream(o),
    collectByActors: (_q: unknown, o?: { onProgress?: (p: unknown) => void }) => stream(o),
  } as unknown as TikTokCollector;
}

/** Jobs per second through BullMQ on PostgreSQL and the scheduler's overhead per job. */
export async function run(): Promise<BenchResult> {
  const name = "scheduler: BullMQ on PostgreSQL (the store's database), an instant arena";
  const pg = await startPostgres();
  const records = await openStore(pg.url);
  const store = await PostgresSchedulerStore.open(records);
  const location = { kind: "postgres" as const, url: pg.url };
  try {
    // 10 schedules × 60 days of backfill = 600 collect jobs.
    for (let i = 0; i < 10; i++) {
      await store.addSchedule({
        name: `s${i}`,
        platform: "tiktok",
        query: { terms: [`t${i}`] },
        since: "2026-07-01",
        until: "2026-08-30",
        liveTailDays: 10,
        priority: 5,
        dailyBudget: null,
        paused: false,
        createdAt: new Date().toISOString(),
      });
    }
    const deps: JobDeps = {
      store,
      clock: systemClock,
      quota: records.quotaLedger({ pools: { research: { requests: 1_000_000, records: 100_000_000 } } }),
      shares: { dailyRequests: 1_000_000, reservedShare: 0.2 },
      collector: () => instantCollector(),
    };
    // The scheduler's work per job without the queue: runJob with the instant arena, one after another.
    const direct: number[] = [];
    const { runJob } = await import("../src/executor/run-job.js");
    for (const job of (await planNow(store, systemClock)).slice(0, 200)) {
      const t = process.hrtime.bigint();
      await runJob(job, deps);
      direct.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    direct.sort((a, b) => a - b);
    await records.sql.query("DELETE FROM scheduler_coverage");
    const planStart = process.hrtime.bigint();
    const jobs = await planNow(store, systemClock);
    const planMs = Number(process.hrtime.bigint() - planStart) / 1e6;
    const producer = new QueueProducer(location);
    const addStart = process.hrtime.bigint();
    await producer.add(jobs, Date.now());
    const addMs = Number(process.hrtime.bigint() - addStart) / 1e6;
    const perJob: number[] = [];
    const worker = new QueueWorker(location, {
      concurrency: 4,
      deps: () => deps,
      onOutcome: () => undefined,
    });
    const takenAt = new Map<string, bigint>();
    worker.worker.on("active", (job) => takenAt.set(String(job.id), process.hrtime.bigint()));
    worker.worker.on("completed", (job) => {
      const t = takenAt.get(String(job.id));
      if (t !== undefined) perJob.push(Number(process.hrtime.bigint() - t) / 1e6);
    });
    let failed = 0;
    worker.worker.on("failed", () => failed++);
    const t0 = Date.now();
    for (;;) {
      const c = await producer.queue.getJobCounts("completed", "failed");
      if ((c.completed ?? 0) + (c.failed ?? 0) >= jobs.length || failed > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (Date.now() - t0) / 1000;
    await worker.stop();
    await producer.close();
    if (failed > 0) throw new Error(`${failed} job(s) failed in the bench`);
    const sorted = perJob.sort((a, b) => a - b);
    const p99 = percentile(sorted, 99);
    return {
      name,
      rows: [
        {
          metric: `jobs through the queue (${jobs.length}, 1 worker × concurrency 4)`,
          value: jobs.length / seconds,
          unit: "jobs/s",
        },
        { metric: "runJob alone per job, p50", value: percentile(direct, 50), unit: "ms" },
        { metric: "runJob alone per job, p99", value: percentile(direct, 99), unit: "ms" },
        {
          metric: "scheduler work per job in the queue, p50 (active → completed)",
          value: percentile(sorted, 50),
          unit: "ms",
        },
        {
          metric: "scheduler work per job in the queue, p99",
          value: p99,
          unit: "ms",
          goal: "< 5 ms",
          pass: p99 < 5,
        },
        { metric: `planning ${jobs.length} jobs from the store`, value: planMs, unit: "ms" },
        {
          metric: `adding ${jobs.length} jobs (deterministic ids)`,
          value: addMs / jobs.length,
          unit: "ms/job",
        },
      ],
      notes: [
        "per job: from the worker's 'active' event to its 'completed' event, around runJob with an arena that answers at once: schedule and coverage reads, the run's writer (collection_runs), the window marked collected",
        "one API call to TikTok takes 0.5–5 s; the emulator's own latency is not in these figures",
      ],
    };
  } finally {
    await store.close();
    await pg.stop();
  }
}

if (isMain(import.meta.url)) printResult(await run());
