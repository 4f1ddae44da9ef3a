import { randomUUID } from "node:crypto";
import type { CollectOptions, QuotaSnapshot, RunPhase } from "../contract/collector.js";
import type { DateWindow } from "../helpers/date-windows.js";
import { DAY_MS } from "../helpers/utc-day.js";
import type { Checkpoint, CheckpointStore } from "../ports/checkpoint-store.js";
import { type Clock, realSleep, type Sleep } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import { throwIfAborted } from "./abort.js";
import { appendWindow, beyondHorizon, rangeCovered } from "./adaptive-plan.js";
import { type Deferral, isDeferred } from "./deferred-windows.js";
import { countFinishedWindows, finishedRecords, isFinished } from "./finished-windows.js";
import { inParallel } from "./in-parallel.js";
import { type LeaseStore, leasesOf } from "./leases.js";
import type { Page, PageSource, PartitionTask } from "./page-source.js";
import { endChecks } from "./run-end-checks.js";
import {
  adoptStoredWindows,
  decodeWindow,
  encodeWindow,
  loadPlan,
  partitionKey,
  type RunPlan,
  recordsSoFar,
  savePlan,
} from "./run-plan.js";
import { runTask, type Settlement, type TaskContext, type TaskEnd } from "./run-task.js";
import { RunTracker } from "./run-tracker.js";
import type { SilentZeroSpec, WindowCount } from "./silent-zeros.js";
import { type AdaptiveWindows, fixedWindowsOf } from "./window-chooser.js";
import { yieldedRunId } from "./yielded-keys.js";

/** The host's side of a run: stores, clock, logger, and this worker's name in leases. */
export interface EngineDeps {
  checkpoints: CheckpointStore;
  clock: Clock;
  logger: Logger;
  /** Waits between looks at windows other workers hold (default: real time). */
  sleep?: Sleep;
  /** This worker's name in partition leases (default: random). */
  workerId?: string;
  /** Lease time per window, renewed after every page (default 10 minutes). */
  leaseMs?: number;
  /** How often a worker looks again at windows other workers hold (default 5 s). */
  leasePollMs?: number;
}

/** This invocation's share of a run's cost (another worker's or an earlier process's pages are not in it). */
export interface RunShare {
  pages: number;
  requests: number;
  records: number;
  startedAt: number;
}

export interface RunSpec<Q, P extends Page<unknown>, T> {
  /** What the run collects ("terms", "comments", "medium-terms"): part of the plan's identity. */
  kind: string;
  runId: string;
  /** Hash of the validated query: a runId is never reused for another one. */
  fingerprint: string;
  options: CollectOptions;
  /** The partitions (a query each); with `windows`, each covers every window. */
  partitions: readonly { label: string; query: Q }[];
  /** The date windows every partition covers; none: partitions without dates (users, videos). */
  windows?: readonly DateWindow[];
  /**
   * Windows chosen as the run goes (instead of `windows`): each partition's next window is asked of its
   * chooser and saved in the plan before its first request (see adaptive-plan.ts). Ignored with `only`.
   */
  adaptive?: AdaptiveWindows;
  /** Windows in flight at once in this process (default 1); ledger, pacing and checkpoints stay per request. */
  concurrency?: number;
  /** Split a window that keeps failing (default true). */
  split?: boolean;
  /** Take a lease per window when the checkpoint store grants them, so many workers share the run. */
  leases?: boolean;
  /** Records for the whole run at most, resumes included. */
  maxResults?: number;
  /** Records per partition at most. */
  partitionLimit?: number;
  /**
   * Requests this invocation may send (e.g. one job's share of the day's quota): once spent, the run
   * stops after the checkpointed page that reached it, with phase "paused"; the next invocation goes on.
   */
  requestBudget?: number;
  /** What a partition is, for messages: "window", "target". */
  unit: string;
  source: PageSource<Q, P, T>;
  /** Requests the arena's transport has sent so far (the run reports its own share). */
  requests: () => number;
  quota?: () => Promise<QuotaSnapshot | undefined>;
  /** Once, before the first page: e.g. fetch what every partition needs into `plan.data`; true if it changed. */
  prepare?: (plan: RunPlan) => Promise<boolean>;
  /** Each task's end, in order. */
  onSettled?: (task: PartitionTask<Q>, checkpoint: Checkpoint, how: Settlement) => void;
  /** After every checkpoint (`completed` false) and once when the run completes: the cost history. */
  recordShare?: (share: RunShare, completed: boolean) => Promise<void>;
  /** Added to the message of an incomplete run. */
  resumeHint?: string;
  /**
   * Run only this partition (and window): one job of a queue. The run is marked completed once every
   * window of the plan is finished, by whichever job finishes last.
   */
  only?: { label: string; window?: DateWindow };
  /** Windows ending after `deferral.settledBefore` are left for a later invocation (`WindowsDeferredError`). */
  deferral?: Deferral;
  /** The silent-zero alarm: empty windows where records were expected end the run `SilentZeroError`. */
  silentZeros?: SilentZeroSpec;
}

/** How an invocation ended (the generator's return value; a consumer of records may ignore it). */
export interface RunResult {
  phase: RunPhase;
  windowsDone: number;
  windowsTotal: number;
  /** Tasks another worker holds (only with `only`: a job does not wait for them). */
  heldElsewhere: number;
}

/**
 * Runs a collection: partitions × windows, page by page (see `pageLoop`), with the split and give-up
 * policy of `runTask`, progress, a plan that refuses a runId reused for another query, maxResults
 * across resumes, and leases: with a checkpoint store that grants them, any number of workers share one
 * run, each window is collected by one of them, and a crashed worker's window is taken over from its
 * checkpoint once its lease expires. A spent quota pauses the run; an abort stops it; both keep the
 * checkpoints for a resume with the same runId. Ends `IncompleteCollectionError` when a window was given up.
 */
export async function* runCollection<Q, P extends Page<unknown>, T>(
  deps: EngineDeps,
  spec: RunSpec<Q, P, T>,
): AsyncGenerator<T, RunResult> {
  const { checkpoints, clock, logger } = deps;
  const { runId, options } = spec;
  const windows = spec.windows?.map(encodeWindow) ?? [""];
  const leases = leasesOf(
    (spec.leases ? checkpoints : { ...checkpoints, claim: undefined, release: undefined }) as LeaseStore,
    runId,
    deps.workerId ?? randomUUID(),
    deps.leaseMs ?? 600_000,
  );
  const wantsAdaptive = spec.only ? undefined : spec.adaptive;
  const plan = await loadPlan(checkpoints, runId, () => ({
    kind: spec.kind,
    fingerprint: spec.fingerprint,
    parts: spec.partitions.map((p) => ({ label: p.label, windows: wantsAdaptive ? [] : windows })),
    records: 0,
    ...(wantsAdaptive
      ? { adaptive: { since: wantsAdaptive.since.toISOString(), until: wantsAdaptive.until.toISOString() } }
      : {}),
  }));
  await adoptStoredWindows(checkpoints, runId, plan);
  // A run begun with adaptive windows goes on with them (fixed-size ones, if this invocation has no chooser).
  const adaptive = plan.adaptive ? (spec.adaptive ?? fixedWindowsOf(spec.windows)) : undefined;
  if (spec.maxResults !== undefined) plan.records = await recordsSoFar(checkpoints, runId);
  const windowsTotal = planWindows(plan);
  const tracker = new RunTracker({
    runId,
    options,
    requests: spec.requests,
    windowsTotal,
    ...(spec.quota ? { quota: spec.quota } : {}),
    logger,
    unit: spec.unit,
  });
  const { progress } = tracker;
  const result = (phase: RunPhase, heldElsewhere = 0): RunResult => ({
    phase,
    windowsDone: progress.windowsDone,
    windowsTotal: progress.windowsTotal,
    heldElsewhere,
  });

  const taskOf = (label: string, query: Q, encoded: string): PartitionTask<Q> => {
    const key = partitionKey(label, encoded);
    return { label, query, ...(encoded ? { window: decodeWindow(encoded) } : {}), key, leaseKey: key };
  };
  const tasks: PartitionTask<Q>[] = [];
  for (const part of plan.parts) {
    const query = spec.partitions.find((p) => p.label === part.label)?.query;
    if (query === undefined) continue;
    for (const encoded of part.windows) tasks.push(taskOf(part.label, query, encoded));
  }

  if (plan.completed) {
    progress.windowsDone = await countFinishedWindows(checkpoints, runId, plan);
    if (spec.onSettled) {
      for (const task of tasks) {
        const saved = await checkpoints.get(runId, task.key);
        if (saved) spec.onSettled(task, saved, saved.givenUp ? "given-up" : "done");
      }
    }
    logger.info("run already completed; nothing to collect", { runId });
    await tracker.emit("completed");
    return result("completed");
  }
  if (spec.prepare && (await spec.prepare(plan))) await savePlan(checkpoints, runId, plan, clock.now());

  let pagesThisRun = 0;
  const startedAt = clock.now();
  const share = (completed: boolean) =>
    spec.recordShare?.(
      { pages: pagesThisRun, requests: tracker.requests, records: progress.records, startedAt },
      completed,
    );
  let limitReached = false;
  let budgetSpent = false;
  /** Items per window this invocation read (for the silent-zero alarm), and which windows it finished. */
  const items = new Map<string, number>();
  const counts: WindowCount[] = [];
  const ctx: TaskContext<Q, P, T> = {
    source: spec.source,
    tracker,
    logger,
    split: spec.split ?? true,
    onSettled: (task, checkpoint, how) => {
      const n = items.get(task.key);
      if (how === "done" && n !== undefined && task.window) {
        counts.push({
          key: task.key,
          items: n,
          ref: {
            partition: task.label,
            since: task.window.since.toISOString(),
            until: task.window.until.toISOString(),
          },
        });
      }
      spec.onSettled?.(task, checkpoint, how);
    },
    loop: {
      runId,
      checkpoints,
      clock,
      options,
      progress,
      ...(spec.partitionLimit === undefined ? {} : { partitionLimit: spec.partitionLimit }),
      ...(spec.maxResults === undefined
        ? {}
        : {
            onRecord: () => {
              plan.records++;
              limitReached = plan.records >= (spec.maxResults as number);
              return limitReached;
            },
          }),
      ...(leases.active
        ? {
            // Renews the lease, and checks that no other worker has moved the window on meanwhile.
            stillOurs: async (task: PartitionTask<unknown>, pagesBefore: number) => {
              if (!(await leases.renew(task.leaseKey))) return false;
              const now = await checkpoints.get(runId, task.key);
              return !now || (!now.done && now.pages <= pagesBefore);
            },
          }
        : {}),
      onItems: (task, n) => items.set(task.key, (items.get(task.key) ?? 0) + n),
      afterPage: async () => {
        pagesThisRun++;
        await share(false);
        await tracker.emit("running");
        budgetSpent = spec.requestBudget !== undefined && tracker.requests >= spec.requestBudget;
        return budgetSpent;
      },
    },
  };

  const only = spec.only;
  const chosen = only
    ? tasks.filter(
        (t) =>
          t.label === only.label &&
          (only.window === undefined || t.key === partitionKey(t.label, encodeWindow(only.window))),
      )
    : tasks;
  // Windows within the platform's ingestion lag wait for a later invocation (unless already finished).
  const deferred: PartitionTask<Q>[] = [];
  const wanted: PartitionTask<Q>[] = [];
  for (const task of chosen) {
    if (isDeferred(task.window, spec.deferral) && !(await isFinished(checkpoints, runId, task.key))) {
      deferred.push(task);
    } else wanted.push(task);
  }
  // An adaptive run plans windows only up to the last settled day; the days after it are deferred.
  const horizon = spec.deferral
    ? Math.floor(spec.deferral.settledBefore / DAY_MS) * DAY_MS
    : Number.POSITIVE_INFINITY;
  let heldElsewhere = 0;
  // The frontier lease is held only while a window is appended: a worker that finds it taken tries
  // again shortly (about a second) instead of waiting a whole lease poll for work.
  const claimFrontier = async (key: string): Promise<boolean> => {
    for (let attempt = 0; attempt < FRONTIER_ATTEMPTS; attempt++) {
      if (await leases.claim(key)) return true;
      await (deps.sleep ?? realSleep)(FRONTIER_RETRY_MS, options.signal);
      throwIfAborted(options.signal);
    }
    return false;
  };
  // Adaptive runs: the next window of a partition, appended to the plan (and saved) before it is run;
  // under a lease on the partition's frontier when other workers may share the run.
  const extend = async (): Promise<PartitionTask<Q> | undefined> => {
    if (!adaptive || !plan.adaptive) return undefined;
    for (const part of plan.parts) {
      const query = spec.partitions.find((p) => p.label === part.label)?.query;
      if (query === undefined) continue;
      const frontier = partitionKey(part.label, "frontier");
      if (!(await claimFrontier(frontier))) continue;
      try {
        await adoptStoredWindows(checkpoints, runId, plan);
        const known = new Set(queued.map((t) => t.key));
        const adopted = part.windows
          .map((w) => taskOf(part.label, query, w))
          .filter((t) => !started.has(t.key) && !known.has(t.key));
        if (adopted.length) {
          queued.push(...adopted.slice(1));
          return adopted[0];
        }
        const encoded = appendWindow(plan, part.label, adaptive.chooser(part.label), horizon);
        if (encoded === undefined) continue;
        await savePlan(checkpoints, runId, plan, clock.now());
        progress.windowsTotal++;
        return taskOf(part.label, query, encoded);
      } finally {
        await leases.release(frontier);
      }
    }
    return undefined;
  };
  // What a settled window of an adaptive run held: its chooser learns from it.
  const observe = async (task: PartitionTask<Q>) => {
    if (!adaptive || !task.window) return;
    const saved = await checkpoints.get(runId, task.key);
    if (!saved) return;
    const split = saved.data?.splitInto !== undefined || saved.givenUp !== undefined;
    const whole = saved.data?.splitInto ? await finishedRecords(checkpoints, runId, task.key) : undefined;
    adaptive.chooser(task.label).observe({
      window: task.window,
      records: saved.records,
      pages: saved.pages,
      split,
      ...(whole === undefined ? {} : { splitRecords: whole }),
    });
    // The share again, so what the chooser just learnt is kept even if the next request is refused.
    await share(false);
  };
  const started = new Set<string>();
  let queued: PartitionTask<Q>[] = [];
  try {
    let waiting = wanted;
    while (waiting.length || (adaptive && !rangeCovered(plan, horizon))) {
      const held: PartitionTask<Q>[] = [];
      queued = [...waiting];
      const run = async function* (task: PartitionTask<Q>): AsyncGenerator<T, void> {
        let end: TaskEnd;
        try {
          end = yield* runTask(ctx, task);
        } finally {
          await leases.release(task.key);
        }
        if (end === "settled") await observe(task);
        if (end === "lost-lease") {
          // This worker stalled past its lease and another took the window over: leave it to them (its
          // checkpoint is not overwritten; the records just yielded are the at-least-once replay).
          logger.warn(`${task.label}: another worker took this window over; leaving it to them`);
          held.push(task);
        }
      };
      const next = async (): Promise<AsyncGenerator<T, void> | undefined> => {
        for (;;) {
          if (limitReached || budgetSpent) return undefined;
          const task = queued.shift() ?? (await extend());
          if (!task) return undefined;
          started.add(task.key);
          if (!(await leases.claim(task.key))) {
            held.push(task);
            continue;
          }
          return run(task);
        }
      };
      yield* inParallel(next, spec.concurrency ?? 1);
      if (limitReached || budgetSpent) break;
      // Windows other workers hold: wait until they finish them, or their lease lapses (a crash).
      waiting = [];
      for (const task of held) {
        if (!(await isFinished(checkpoints, runId, task.key))) waiting.push(task);
        else progress.windowsDone++;
      }
      for (const task of waiting) started.delete(task.key);
      if (waiting.length && only) {
        heldElsewhere = waiting.length;
        break;
      }
      if (waiting.length || (adaptive && !rangeCovered(plan, horizon))) {
        await tracker.emit("running");
        await (deps.sleep ?? realSleep)(deps.leasePollMs ?? 5_000, options.signal);
        throwIfAborted(options.signal);
        if (adaptive) await adoptStoredWindows(checkpoints, runId, plan);
      }
    }
  } catch (error) {
    await savePlan(checkpoints, runId, plan, clock.now()).catch(() => undefined);
    await tracker.fail(error);
  }

  if (limitReached) {
    plan.completed = true;
    plan.limitReached = true;
    await savePlan(checkpoints, runId, plan, clock.now());
    await checkpoints.deleteRun(yieldedRunId(runId));
    await tracker.emit("completed");
    return result("completed");
  }
  if (
    budgetSpent &&
    (!rangeCovered(plan, horizon) ||
      (await countFinishedWindows(checkpoints, runId, plan)) < planWindows(plan))
  ) {
    logger.info(`request budget of ${spec.requestBudget} spent; the run goes on at its next invocation`, {
      runId,
    });
    await savePlan(checkpoints, runId, plan, clock.now());
    await tracker.emit("paused");
    return result("paused");
  }
  if (only && (heldElsewhere || (await countFinishedWindows(checkpoints, runId, plan)) < planWindows(plan))) {
    // One job of many: the run is complete only when every window is finished.
    await savePlan(checkpoints, runId, plan, clock.now());
    if (progress.givenUp.length) await tracker.finish(spec.resumeHint);
    await tracker.emit("running");
    return result("running", heldElsewhere);
  }
  if (progress.givenUp.length) {
    await savePlan(checkpoints, runId, plan, clock.now());
    await tracker.finish(spec.resumeHint);
  }
  if (adaptive) {
    for (const rest of beyondHorizon(plan, horizon)) {
      const query = spec.partitions.find((p) => p.label === rest.label)?.query;
      if (query !== undefined) deferred.push(taskOf(rest.label, query, rest.window));
    }
  }
  await endChecks({
    runId,
    checkpoints,
    clock,
    logger,
    tracker,
    counts,
    deferred,
    ...(spec.deferral ? { deferral: spec.deferral } : {}),
    // A job of a queue (`only`) sees one window: the alarm judges whole invocations.
    ...(spec.silentZeros && !only ? { silentZeros: spec.silentZeros } : {}),
    savePlan: () => savePlan(checkpoints, runId, plan, clock.now()),
  });
  plan.completed = true;
  await savePlan(checkpoints, runId, plan, clock.now());
  await checkpoints.deleteRun(yieldedRunId(runId)); // every window is finished: nothing can come again
  await share(true);
  await tracker.finish();
  return result("completed");
}

const FRONTIER_ATTEMPTS = 20;
const FRONTIER_RETRY_MS = 50;

/** The windows of a plan, over every partition (an adaptive plan's: those chosen so far). */
const planWindows = (plan: RunPlan) => plan.parts.reduce((n, p) => n + p.windows.length, 0);
