import {
  type CheckpointStore,
  type Clock,
  type ContentRecord,
  type Logger,
  type Progress,
  type QuotaLedger,
  silentLogger,
} from "@observatory/arena-core";
import type { TikTokCollector } from "@observatory/arena-tiktok";
import { addDays, dayStart } from "../planner/days.js";
import type { CollectJob, PlannedJob, RecheckJob } from "../planner/jobs.js";
import { DEFAULT_RECHECK_RULES, type RecheckRules, recheckCutoffs } from "../planner/recheck-rules.js";
import { BudgetedQuotaLedger, capsFor, type QuotaShares } from "../quota/budgeted-ledger.js";
import type { SchedulerStore } from "../store/scheduler-store.js";

/** What running one job needs: the store, the arena and the shared quota. */
export interface JobDeps {
  store: SchedulerStore;
  clock: Clock;
  /** The shared ledger that keeps the platform's daily limit (memory, PostgreSQL or Redis). */
  quota: QuotaLedger;
  shares: QuotaShares;
  /** Checkpoints of collections (shared by workers, so a job taken over resumes where it stopped). */
  checkpoints: CheckpointStore;
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
  return job.kind === "collect" ? runCollect(job, deps, signal) : runRecheck(job, deps, signal);
}

async function runCollect(job: CollectJob, deps: JobDeps, signal?: AbortSignal): Promise<JobOutcome> {
  const { store, clock } = deps;
  const schedule = await store.getSchedule(job.schedule);
  if (!schedule) return { status: "done", records: 0, deleted: 0, note: "schedule removed" };
  if (schedule.paused) return { status: "done", records: 0, deleted: 0, note: "schedule paused" };
  const collectedAt = (await store.coverage()).get(job.schedule)?.get(job.day);
  if (collectedAt !== undefined && (job.asOf === null || collectedAt >= dayStart(job.asOf))) {
    return { status: "done", records: 0, deleted: 0, note: "window already collected" };
  }
  const startedAt = clock.now();
  const quota = new BudgetedQuotaLedger(
    deps.quota,
    store,
    capsFor({ kind: "collect", schedule: schedule.name, dailyBudget: schedule.dailyBudget }, deps.shares),
    clock,
  );
  const collector = deps.collector({ quota, checkpoints: deps.checkpoints });
  const buffer: ContentRecord[] = [];
  let records = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const page = buffer.splice(0);
    records += page.length;
    await store.saveCollected(page, clock.now());
  };
  let last: Progress | undefined;
  const options = {
    runId: job.id,
    ...(signal ? { signal } : {}),
    onProgress: (p: Progress) => {
      last = p;
    },
    // A page's records are in the store before its checkpoint: a kill replays at most that page.
    beforeCheckpoint: flush,
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
  for await (const record of stream) buffer.push(record);
  await flush();
  const phase = last?.phase;
  if (phase === "completed") {
    await store.markWindowCollected(job.schedule, job.partition, job.day, startedAt);
    return { status: "done", records, deleted: 0 };
  }
  if (phase === "paused") {
    return { status: "paused", resumeAt: last?.resumeAt ?? new Date(startedAt).toISOString(), records };
  }
  if (phase === "aborted" || signal?.aborted) return { status: "aborted", records };
  const givenUp = last?.givenUp.map((g) => `${g.partition} ${g.since}..${g.until}`).join("; ");
  throw new Error(`window ${job.day} of schedule ${job.schedule} ended ${phase ?? "without progress"}${givenUp ? `: ${givenUp}` : ""}`);
}

async function runRecheck(job: RecheckJob, deps: JobDeps, signal?: AbortSignal): Promise<JobOutcome> {
  const { store, clock } = deps;
  const rules = deps.rules ?? DEFAULT_RECHECK_RULES;
  const due = await store.dueRecords(job.kind, job.platform, job.publishedDay, recheckCutoffs(clock.now(), rules));
  if (due.length === 0) return { status: "done", records: 0, deleted: 0, note: "nothing due" };
  const quota = new BudgetedQuotaLedger(deps.quota, store, capsFor({ kind: job.kind }, deps.shares), clock);
  const collector = deps.collector({ quota, checkpoints: deps.checkpoints });
  let records = 0;
  let deleted = 0;
  const result = await collector.refreshEngagement(due, {
    runId: job.id,
    ...(signal ? { signal } : {}),
    keepUpdated: false,
    onBatch: async ({ updated, missing }) => {
      records += updated.length;
      deleted += missing.length;
      await store.applyRecheck({ kind: job.kind, platform: job.platform, updated, missing, at: clock.now() });
    },
  });
  if (result.paused) return { status: "paused", resumeAt: result.paused.resumeAt, records };
  if (signal?.aborted) return { status: "aborted", records };
  if (result.failures.length > 0) {
    throw new Error(
      `${job.kind} of ${job.publishedDay}: ${result.failures.length} batch(es) failed (${result.failures[0]?.reason}); ${result.pending.length} record(s) left for the next attempt`,
    );
  }
  return { status: "done", records, deleted };
}
