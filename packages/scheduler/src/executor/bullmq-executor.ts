import { type Clock, type Logger, silentLogger } from "@observatory/arena-core";
import { type Job, Queue, Worker } from "bullmq";
import type { PlannedJob } from "../planner/jobs.js";
import { planNow } from "./in-process-executor.js";
import { QUEUE_NAME, type QueueLocation, queueConnection } from "./queue-connection.js";
import { type JobDeps, type JobOutcome, runJob } from "./run-job.js";

/** What a queued job carries: the planned job and the time it was planned (a simulation's clock). */
export interface QueuedJob {
  job: PlannedJob;
  plannedAt: number;
}

// BullMQ's classes are typed per backend; one constructor shape for both (the backend factory or undefined).
const AnyQueue = Queue as unknown as new (name: string, opts: unknown, backend?: unknown) => Queue<QueuedJob>;
const AnyWorker = Worker as unknown as new (
  name: string,
  processor: (job: Job<QueuedJob>, token?: string) => Promise<unknown>,
  opts: unknown,
  backend?: unknown,
) => Worker<QueuedJob>;

/** Attempts of a job that throws (transient API or store trouble), with exponential back-off. */
const JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { count: 50_000 },
};

/**
 * The producer: plans what is due and adds it to the queue under each job's deterministic id, so
 * adding a job twice — from two machines, or on two ticks — is a no-op. A job that failed for good is
 * retried once it is planned again.
 */
export class QueueProducer {
  readonly queue: Queue<QueuedJob>;
  readonly #close: () => Promise<void>;

  constructor(location: QueueLocation, options: { name?: string } = {}) {
    const c = queueConnection(location);
    this.queue = new AnyQueue(options.name ?? QUEUE_NAME, c.options, c.backend);
    this.#close = c.close;
  }

  /** Adds the planned jobs; returns how many were new. */
  async add(jobs: readonly PlannedJob[], plannedAt: number): Promise<{ added: number; retried: number }> {
    let retried = 0;
    // One read of the failed set (not two round trips per planned job): the planned ones among them
    // are retried.
    const planned = new Set(jobs.map((j) => j.id));
    const failedCount = await this.queue.getFailedCount();
    if (failedCount > 0) {
      for (const failed of await this.queue.getFailed(0, failedCount - 1)) {
        if (failed.id === undefined || !planned.has(failed.id)) continue;
        await (failed as Job<QueuedJob>).retry("failed");
        retried++;
      }
    }
    const before = await this.queue.count();
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: job.kind,
        data: { job, plannedAt },
        opts: { jobId: job.id, priority: job.priority, ...JOB_OPTIONS },
      })),
    );
    const after = await this.queue.count();
    return { added: Math.max(0, after - before - retried), retried };
  }

  /** Plans with the store and adds what is due. */
  async tick(deps: Pick<JobDeps, "store" | "clock" | "rules">): Promise<{ planned: number; added: number }> {
    const jobs = await planNow(deps.store, deps.clock, deps.rules);
    const { added } = await this.add(jobs, deps.clock.now());
    return { planned: jobs.length, added };
  }

  /** Lifts a rate limit set by a spent quota (a simulation's new day; production waits for it). */
  async liftRateLimit(): Promise<void> {
    await this.queue.removeRateLimitKey();
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.#close();
  }
}

export interface QueueWorkerOptions {
  concurrency?: number;
  /** The job's dependencies; a simulation gives each job a clock at its planned time. */
  deps: (queued: QueuedJob) => Promise<JobDeps> | JobDeps;
  /** The wait (real ms) before jobs are taken again after a spent quota (default: until `resumeAt`). */
  rateLimitMs?: (resumeAt: string, clock: Clock) => number;
  logger?: Logger;
  /** How long a job's lock lives without renewal: a killed worker's job is taken over after it (default 30 s). */
  lockDurationMs?: number;
  name?: string;
  onOutcome?: (job: PlannedJob, outcome: JobOutcome) => void;
}

/**
 * A worker: takes jobs from the queue and runs them. A spent quota rate-limits the whole queue until
 * `resumeAt` (00:00 UTC) and returns the job to it — BullMQ's rate limit, not a failure. `stop()`
 * (SIGTERM) lets the running jobs finish their current page and checkpoint, then returns them to
 * the queue. A killed worker's jobs are taken over by another once their lock expires (stalled-job
 * recovery); the store's page transactions mean nothing is lost or written twice.
 */
export class QueueWorker {
  readonly worker: Worker<QueuedJob>;
  readonly #abort = new AbortController();
  readonly #close: () => Promise<void>;

  constructor(location: QueueLocation, options: QueueWorkerOptions) {
    const c = queueConnection(location);
    const logger = options.logger ?? silentLogger;
    const processor = async (job: Job<QueuedJob>, token?: string) => {
      const deps = await options.deps(job.data);
      const outcome = await runJob(job.data.job, deps, this.#abort.signal);
      options.onOutcome?.(job.data.job, outcome);
      if (outcome.status === "paused") {
        const ms =
          options.rateLimitMs?.(outcome.resumeAt, deps.clock) ??
          Math.max(1_000, Date.parse(outcome.resumeAt) - Date.now());
        logger.info("quota spent: the queue waits", { job: job.id, resumeAt: outcome.resumeAt });
        await this.worker.rateLimit(ms);
        throw Worker.RateLimitError();
      }
      if (outcome.status === "aborted") {
        // Stopped by SIGTERM after a checkpoint: back to the queue for another worker.
        await job.moveToWait(token);
        const { WaitingError } = await import("bullmq");
        throw new WaitingError();
      }
      return {
        records: outcome.records,
        deleted: outcome.deleted,
        note: outcome.status === "done" ? (outcome.note ?? null) : null,
      };
    };
    const workerOptions = {
      ...c.options,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: Math.max(1_000, Math.floor((options.lockDurationMs ?? 30_000) / 2)),
      maxStalledCount: 20,
    };
    this.worker = new AnyWorker(options.name ?? QUEUE_NAME, processor, workerOptions, c.backend);
    this.worker.on("failed", (job, error) =>
      logger.warn("scheduler job failed", { job: job?.id, reason: error.message }),
    );
    this.worker.on("error", (error) => logger.warn("scheduler worker error", { reason: error.message }));
    this.#close = c.close;
  }

  /** SIGTERM: running jobs stop after their current page, checkpoint and go back to the queue. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.worker.close();
    await this.#close();
  }
}
