import { type Clock, type Logger, silentLogger } from "@observatory/arena-core";
import type { PlannedJob } from "../planner/jobs.js";
import { planDue } from "../planner/plan-due.js";
import { DEFAULT_RECHECK_RULES, recheckCutoffs } from "../planner/recheck-rules.js";
import type { SchedulerStore } from "../store/scheduler-store.js";
import { type JobDeps, type JobOutcome, runJob } from "./run-job.js";

/** What one tick did. */
export interface TickReport {
  planned: number;
  done: number;
  paused: number;
  failed: { id: string; reason: string }[];
  records: number;
  deleted: number;
  /** Set when a job was paused by the quota: the earliest time to go on. */
  resumeAt?: string;
}

/** Reads what the planner needs from the store. */
export async function loadPlannerState(store: SchedulerStore, now: number, rules = DEFAULT_RECHECK_RULES) {
  const cutoffs = recheckCutoffs(now, rules);
  const [schedules, coverage, refreshDue, complianceDue, commentsDue] = await Promise.all([
    store.listSchedules(),
    store.coverage(),
    store.refreshDue(cutoffs),
    store.complianceDue(cutoffs),
    store.commentsDue(cutoffs),
  ]);
  return { schedules, coverage, refreshDue, complianceDue, commentsDue };
}

/** Plans what is due now and lists it (the producer's half: BullMQ adds these, the in-process executor runs them). */
export async function planNow(
  store: SchedulerStore,
  clock: Clock,
  rules = DEFAULT_RECHECK_RULES,
): Promise<PlannedJob[]> {
  const now = clock.now();
  return planDue(await loadPlannerState(store, now, rules), now);
}

/**
 * The executor for one machine: each tick plans what is due and runs it in priority order, one job at
 * a time. A job paused by the quota stays due (its window is not marked collected) and is planned
 * again, with the same id, once the quota is back; the jobs after it still run when their own share
 * (refresh, compliance, another schedule's budget) has quota left.
 */
export class InProcessExecutor {
  readonly #deps: JobDeps;
  readonly #logger: Logger;
  readonly #onOutcome: ((job: PlannedJob, outcome: JobOutcome) => void) | undefined;

  /** `onOutcome` hears each job's end as it happens (the worker prints it), like `QueueWorker`'s. */
  constructor(deps: JobDeps, options: { onOutcome?: (job: PlannedJob, outcome: JobOutcome) => void } = {}) {
    this.#deps = deps;
    this.#logger = deps.logger ?? silentLogger;
    this.#onOutcome = options.onOutcome;
  }

  async tick(signal?: AbortSignal): Promise<TickReport> {
    const jobs = await planNow(this.#deps.store, this.#deps.clock, this.#deps.rules);
    const report: TickReport = {
      planned: jobs.length,
      done: 0,
      paused: 0,
      failed: [],
      records: 0,
      deleted: 0,
    };
    for (const job of jobs) {
      if (signal?.aborted) break;
      let outcome: JobOutcome;
      try {
        outcome = await runJob(job, this.#deps, signal);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#logger.warn("scheduler job failed", { job: job.id, reason });
        report.failed.push({ id: job.id, reason });
        continue;
      }
      this.#onOutcome?.(job, outcome);
      report.records += outcome.records;
      if (outcome.status === "done") {
        report.done++;
        report.deleted += outcome.deleted;
      } else if (outcome.status === "paused") {
        report.paused++;
        if (!report.resumeAt || outcome.resumeAt < report.resumeAt) report.resumeAt = outcome.resumeAt;
      } else break;
    }
    return report;
  }
}
