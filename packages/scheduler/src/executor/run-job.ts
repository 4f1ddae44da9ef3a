import {
  type CheckpointStore,
  type Clock,
  CollectionAbortedError,
  type Logger,
  MemoryCheckpointStore,
  type PageCommit,
  type Progress,
  QuotaExhaustedError,
  type QuotaLedger,
  utcDay,
} from "@observatory/arena-core";
import type { TikTokCollector } from "@observatory/arena-tiktok";
import { addDays } from "../planner/days.js";
import type { CollectJob, PlannedJob, RecheckJob } from "../planner/jobs.js";
import { DEFAULT_RECHECK_RULES, type RecheckRules, recheckCutoffs } from "../planner/recheck-rules.js";
import {
  BudgetedQuotaLedger,
  capsFor,
  type QuotaShares,
  scheduleBudgetKey,
} from "../quota/budgeted-ledger.js";
import type { Schedule } from "../schedule/schedule.js";
import type { CollectWriter, SchedulerStore } from "../store/scheduler-store.js";
import { runCommentCheck } from "./run-comment-check.js";

/** What running one job needs: the store, the arena and the shared quota. */
export interface JobDeps {
  store: SchedulerStore;
  clock: Clock;
  /** The shared ledger that keeps the platform's daily limit (memory, PostgreSQL or Redis). */
  quota: QuotaLedger;
  shares: QuotaShares;
  /** Builds the arena's collector with this job's quota ledger and the checkpoints. */
  collector: (ports: { quota: QuotaLedger; checkpoints: CheckpointStore }) => TikTokCollector;
  rules?: RecheckRules;
  logger?: Logger;
}

export type JobOutcome =
  | { status: "done"; records: number; deleted: number; note?: string }
  /** The quota (or this purpose's share of it) is spent: run the job again at `resumeAt`. */
  | { status: "paused"; resumeAt: string; records: number }
  /** Stopped by the signal (SIGTERM): the page in flight was finished and checkpointed. */
  | { status: "aborted"; records: number };

/** Runs one planned job to its end, a pause (spent quota) or an abort. Throws on a failure. */
export async function runJob(job: PlannedJob, deps: JobDeps, signal?: AbortSignal): Promise<JobOutcome> {
  if (job.kind === "collect") return runCollect(job, deps, signal);
  if (job.kind === "comment-check") return runCommentCheck(job, deps, signal);
  return runRecheck(job, deps, signal);
}

async function runCollect(job: CollectJob, deps: JobDeps, signal?: AbortSignal): Promise<JobOutcome> {
  const { store, clock } = deps;
  const startedAt = clock.now();
  // One statement: the schedule, the window's coverage, the run's start and the first request's
  // shares of the day (every collection sends at least one request; an unused one is given back).
  const spendDay = utcDay(startedAt);
  const begun = await store.beginCollect({
    runId: job.id,
    schedule: job.schedule,
    day: job.day,
    asOf: job.asOf,
    prepay: {
      day: spendDay,
      shares: capsFor({ kind: "collect", schedule: job.schedule, dailyBudget: null }, deps.shares),
      budgetKey: scheduleBudgetKey(job.schedule),
    },
  });
  if (!begun.run) return { status: "done", records: 0, deleted: 0, note: begun.note };
  const { schedule, writer } = begun;
  const quota = new BudgetedQuotaLedger(
    deps.quota,
    store,
    capsFor({ kind: "collect", schedule: schedule.name, dailyBudget: schedule.dailyBudget }, deps.shares),
    clock,
    { day: spendDay, requests: begun.prepaid ? 1 : 0 },
  );
  try {
    return await collectWindow(job, deps, { schedule, writer, quota, startedAt }, signal);
  } finally {
    await quota.returnUnused();
  }
}

async function collectWindow(
  job: CollectJob,
  deps: JobDeps,
  run: { schedule: Schedule; writer: CollectWriter; quota: QuotaLedger; startedAt: number },
  signal?: AbortSignal,
): Promise<JobOutcome> {
  const { schedule, writer, quota, startedAt } = run;
  // Without leases: the job is the lease (one worker holds a job; a dead worker's job is taken over by
  // the queue once its lock expires), so a take-over never waits for a dead worker's window lease.
  const { get, put, list, deleteRun } = writer.checkpoints;
  const checkpoints: CheckpointStore = {
    get: get.bind(writer.checkpoints),
    put: put.bind(writer.checkpoints),
    list: list.bind(writer.checkpoints),
    deleteRun: deleteRun.bind(writer.checkpoints),
  };
  const collector = deps.collector({ quota, checkpoints });
  let last: Progress | undefined;
  const options = {
    runId: job.id,
    ...(signal ? { signal } : {}),
    onProgress: (p: Progress) => {
      last = p;
      writer.noteProgress(p);
    },
    // A page's records commit with its checkpoint: a kill replays at most that page.
    beforeCheckpoint: (page: PageCommit) => writer.commit(page),
  };
  const window = { since: job.day, until: addDays(job.day, 1) };
  const q = schedule.query;
  const stream = q.actors?.length
    ? collector.collectByActors({ actors: q.actors, ...window }, options)
    : collector.collectByTerms(
        {
          ...(q.terms ? { terms: q.terms } : {}),
          ...(q.termGroups ? { termGroups: q.termGroups } : {}),
          ...(q.exclude ? { exclude: q.exclude } : {}),
          ...(q.regions ? { regions: q.regions } : {}),
          ...(q.languages ? { languages: q.languages } : {}),
          ...window,
        },
        options,
      );
  try {
    for await (const record of stream) writer.add(record);
  } catch (error) {
    if (error instanceof QuotaExhaustedError) {
      // A spent share (or quota) before the collector could pause by itself: the same, not a failure.
      await writer.close("paused", error.message);
      return {
        status: "paused",
        resumeAt: error.resumeAt,
        records: writer.stats.inserted + writer.stats.updated,
      };
    }
    if (error instanceof CollectionAbortedError) {
      // Stopped by the signal (SIGTERM) between pages: the last page is checkpointed; not a failure.
      await writer.close("interrupted");
      return { status: "aborted", records: writer.stats.inserted + writer.stats.updated };
    }
    await writer.close("failed", error instanceof Error ? error.message : String(error));
    throw error;
  }
  const phase = last?.phase;
  const records = () => writer.stats.inserted + writer.stats.updated;
  if (phase === "completed") {
    // The run's end and the window's mark: one statement.
    await writer.close("completed", undefined, {
      schedule: job.schedule,
      partition: job.partition,
      day: job.day,
      startedAt,
    });
    return { status: "done", records: records(), deleted: 0 };
  }
  if (phase === "paused") {
    await writer.close("paused");
    return {
      status: "paused",
      resumeAt: last?.resumeAt ?? new Date(startedAt).toISOString(),
      records: records(),
    };
  }
  if (phase === "aborted" || signal?.aborted) {
    await writer.close("interrupted");
    return { status: "aborted", records: records() };
  }
  await writer.close("incomplete");
  const givenUp = last?.givenUp.map((g) => `${g.partition} ${g.since}..${g.until}`).join("; ");
  throw new Error(
    `window ${job.day} of schedule ${job.schedule} ended ${phase ?? "without progress"}${givenUp ? `: ${givenUp}` : ""}`,
  );
}

async function runRecheck(job: RecheckJob, deps: JobDeps, signal?: AbortSignal): Promise<JobOutcome> {
  const { store, clock } = deps;
  const rules = deps.rules ?? DEFAULT_RECHECK_RULES;
  const due = await store.dueRecords(
    job.kind,
    job.platform,
    job.publishedFrom,
    job.publishedUntil,
    recheckCutoffs(clock.now(), rules),
  );
  if (due.length === 0) return { status: "done", records: 0, deleted: 0, note: "nothing due" };
  const quota = new BudgetedQuotaLedger(deps.quota, store, capsFor({ kind: job.kind }, deps.shares), clock);
  // A refresh keeps no checkpoints: what a batch brought is in the store (applyRecheck), the rest stays due.
  const collector = deps.collector({ quota, checkpoints: new MemoryCheckpointStore() });
  let records = 0;
  let deleted = 0;
  let result: Awaited<ReturnType<TikTokCollector["refreshEngagement"]>>;
  try {
    result = await collector.refreshEngagement(due, {
      runId: job.id,
      ...(signal ? { signal } : {}),
      keepUpdated: false,
      onBatch: async ({ updated, missing }) => {
        records += updated.length;
        deleted += missing.length;
        await store.applyRecheck({
          kind: job.kind,
          platform: job.platform,
          updated,
          missing,
          at: clock.now(),
        });
      },
    });
  } catch (error) {
    if (error instanceof QuotaExhaustedError) return { status: "paused", resumeAt: error.resumeAt, records };
    if (error instanceof CollectionAbortedError) return { status: "aborted", records };
    throw error;
  }
  if (result.paused) return { status: "paused", resumeAt: result.paused.resumeAt, records };
  if (signal?.aborted) return { status: "aborted", records };
  if (result.failures.length > 0) {
    throw new Error(
      `${job.kind} of ${job.publishedFrom}–${job.publishedUntil}: ${result.failures.length} batch(es) failed (${result.failures[0]?.reason}); ${result.pending.length} record(s) left for the next attempt`,
    );
  }
  return { status: "done", records, deleted };
}
