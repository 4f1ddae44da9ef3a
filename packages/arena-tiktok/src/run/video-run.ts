import { randomUUID } from "node:crypto";
import {
  type ArenaError,
  type CheckpointStore,
  type Clock,
  type CollectOptions,
  type ContentRecord,
  type DateWindow,
  dateWindows,
  formatWindow,
  type Logger,
  type Progress,
  realSleep,
  type Sleep,
  splitWindow,
  type WindowRef,
} from "@observatory/arena-core";
import { apiVideoSchema } from "../endpoints/video-query.js";
import type { ResearchClient } from "../http/research-client.js";
import { throwIfAborted } from "../http/research-client.js";
import type { VideoNormalizeContext } from "../normalize/video-record.js";
import { normalizeVideo } from "../normalize/video-record.js";
import { videoPages } from "../paging/video-pages.js";
import type { VideoQuery } from "../query/conditions.js";
import { countFinishedWindows, isFinished } from "./finished-windows.js";
import { type LeaseStore, leasesOf } from "./leases.js";
import { partitionCheckpoint } from "./partition-checkpoint.js";
import {
  decodeWindow,
  encodeWindow,
  loadPlan,
  PLAN_PARTITION,
  partitionKey,
  type RunPlan,
  savePlan,
} from "./run-plan.js";
import { isGiveUp, RunTracker } from "./run-tracker.js";

export interface VideoRunPart {
  label: string;
  query: VideoQuery;
}

export interface VideoRunSpec {
  kind: "terms" | "actors";
  runId: string;
  fingerprint: string;
  parts: VideoRunPart[];
  since: Date;
  until: Date;
  maxResults?: number;
  languages?: readonly string[];
  isRandom: boolean;
  options: CollectOptions;
  /** Builds the normaliser context once the plan (and its author info) is known. */
  context: (plan: RunPlan) => Promise<Omit<VideoNormalizeContext, "metadata" | "collectedAt">>;
  /** collectByActors: fetch user info into the plan before the first page. */
  prepare?: (plan: RunPlan) => Promise<boolean>;
}

export interface VideoRunDeps {
  client: ResearchClient;
  checkpoints: CheckpointStore;
  clock: Clock;
  /** Waits between looks at windows other workers hold (default: real time). */
  sleep?: Sleep;
  logger: Logger;
  windowDays: number;
  maxCount: number;
  fields: readonly string[];
  dateGuard: boolean;
  credentialId?: string;
  /** This worker's name in partition leases (when the checkpoint store supports leases; default random). */
  workerId?: string;
  /** Lease time per window, renewed after every page (default 10 minutes). */
  leaseMs?: number;
  /** How often a worker looks again at windows other workers hold (default 5 s). */
  leasePollMs?: number;
  quotaSnapshot: () => Promise<Progress["quota"]>;
  /**
   * This invocation's share of the run's cost, for estimateCost's history: after every page it
   * checkpoints (so an invocation that is killed, paused by the quota or fails still counts), and with
   * `completed` true when the run completes.
   */
  recordShare?: (
    spec: VideoRunSpec,
    /** This invocation's share (another worker's or an earlier process's pages are not in it). */
    stats: { pages: number; requests: number; records: number; startedAt: number },
    completed: boolean,
  ) => Promise<void>;
}

interface WindowTask {
  label: string;
  query: VideoQuery;
  window: DateWindow;
  key: string;
  /** The partition whose lease covers this window (a split window's halves share their parent's). */
  leaseKey: string;
}

/**
 * Runs a video collection: partitions × windows, page by page. Yields records; checkpoints after every
 * page (after its records were taken, before the next request); splits windows that keep failing
 * (the split is recorded in the window's checkpoint, so a resume and other workers follow it); pauses
 * on a spent quota; reports windows it had to give up instead of ending "complete". With a checkpoint
 * store that grants leases, any number of workers share one run: each window is collected by one of
 * them, and a crashed worker's window is taken over from its checkpoint once its lease expires.
 */
export async function* runVideoCollection(
  deps: VideoRunDeps,
  spec: VideoRunSpec,
): AsyncGenerator<ContentRecord> {
  const { checkpoints, clock, logger, client } = deps;
  const { runId, options } = spec;
  const leases = leasesOf(
    checkpoints as LeaseStore,
    runId,
    deps.workerId ?? randomUUID(),
    deps.leaseMs ?? 600_000,
  );
  const plan = await loadPlan(checkpoints, runId, () => ({
    kind: spec.kind,
    fingerprint: spec.fingerprint,
    parts: spec.parts.map((p) => ({
      label: p.label,
      windows: dateWindows(spec.since, spec.until, deps.windowDays).map(encodeWindow),
    })),
    records: 0,
  }));
  // Records of pages already checkpointed by earlier invocations count towards maxResults.
  plan.records = await recordsSoFar(checkpoints, runId);
  const tracker = new RunTracker({
    runId,
    options,
    requests: () => client.stats.requests,
    windowsTotal: plan.parts.reduce((n, p) => n + p.windows.length, 0),
    quota: deps.quotaSnapshot,
    logger,
    unit: "window",
  });
  const { progress } = tracker;

  if (plan.completed) {
    progress.windowsDone = await countFinishedWindows(checkpoints, runId, plan);
    logger.info("run already completed; nothing to collect", { runId });
    await tracker.emit("completed");
    return;
  }
  if (spec.prepare && (await spec.prepare(plan))) await savePlan(checkpoints, runId, plan, clock.now());
  const context = await spec.context(plan);
  const languages = spec.languages?.length ? new Set(spec.languages) : undefined;
  let pagesThisRun = 0;
  const startedAt = clock.now();
  const share = (completed: boolean) =>
    deps.recordShare?.(
      spec,
      { pages: pagesThisRun, requests: tracker.requests, records: progress.records, startedAt },
      completed,
    );
  let limitReached = false;
  /** Set when another worker took over the window this worker was collecting. */
  let lostLease = false;

  const tasks: WindowTask[] = [];
  for (const part of plan.parts) {
    const query = spec.parts.find((p) => p.label === part.label)?.query;
    if (!query) continue;
    for (const encoded of part.windows) {
      const key = partitionKey(part.label, encoded);
      tasks.push({ label: part.label, query, window: decodeWindow(encoded), key, leaseKey: key });
    }
  }

  /** Renews the lease, and checks that no other worker has moved the window on meanwhile. */
  async function stillOurs(leaseKey: string, key: string, pages: number): Promise<boolean> {
    if (!(await leases.renew(leaseKey))) return false;
    const current = await checkpoints.get(runId, key);
    return !current || (!current.done && current.pages <= pages);
  }

  /** Collects one window (or, once split, its halves). */
  async function* collectWindow(task: WindowTask): AsyncGenerator<ContentRecord> {
    const { window, key, label } = task;
    const ref: WindowRef = {
      partition: label,
      since: window.since.toISOString(),
      until: window.until.toISOString(),
    };
    const saved = await checkpoints.get(runId, key);
    const splitInto = saved?.data?.splitInto as string[] | undefined;
    if (splitInto) {
      for (const child of splitInto) {
        yield* collectWindow({ ...task, window: decodeWindow(child), key: partitionKey(label, child) });
        if (lostLease) return;
      }
      return;
    }
    if (saved?.done) {
      progress.windowsDone++;
      return;
    }
    progress.window = ref;
    const checkpoint = partitionCheckpoint(saved, runId, key);
    const seen = new Set<string>();
    const describe = `video query ${label} ${formatWindow(window)}`;
    try {
      for await (const page of videoPages({
        client,
        query: task.query,
        since: window.since,
        until: window.until,
        maxCount: deps.maxCount,
        fields: deps.fields,
        isRandom: spec.isRandom,
        dateGuard: deps.dateGuard,
        start: {
          cursor: Number(checkpoint.cursor ?? 0),
          ...(checkpoint.searchId ? { searchId: checkpoint.searchId } : {}),
        },
        ...(options.signal ? { signal: options.signal } : {}),
        describe,
      })) {
        pagesThisRun++;
        const collectedAt = clock.now();
        const metadata = {
          search_id: page.next.searchId ?? null,
          request_fingerprint: page.fingerprint,
          is_random: spec.isRandom,
          page_cursor: page.requestedCursor,
          ...(page.logId ? { log_id: page.logId } : {}),
        };
        const collectedAtIso = new Date(collectedAt).toISOString();
        const pageContext = { ...context, collectedAt, collectedAtIso, metadata };
        const ids: string[] = [];
        /** Records of this page in a language the query does not want, per detected language. */
        const dropped: Record<string, number> = {};
        for (const raw of page.videos) {
          const parsed = apiVideoSchema.safeParse(raw);
          if (!parsed.success) {
            progress.skipped++;
            logger.warn("skipped a video that does not match the documented shape", {
              window: formatWindow(window),
              issue: parsed.error.issues[0]?.message,
            });
            continue;
          }
          const video = parsed.data;
          const id = (video.id ?? video.video_id) as string;
          const createdMs = video.create_time * 1000;
          if (seen.has(id) || createdMs < window.since.getTime() || createdMs >= window.until.getTime()) {
            progress.skipped++;
            continue;
          }
          seen.add(id);
          const record = normalizeVideo(video, pageContext);
          if (languages && !(record.language && languages.has(record.language))) {
            const detected = record.language ?? "und";
            dropped[detected] = (dropped[detected] ?? 0) + 1;
            continue;
          }
          ids.push(id);
          progress.records++;
          plan.records++;
          yield record;
          if (spec.maxResults !== undefined && plan.records >= spec.maxResults) {
            limitReached = true;
            await options.beforeCheckpoint?.({ runId, partition: key, ids, done: true, dropped });
            return;
          }
        }
        if (leases.active && !(await stillOurs(task.leaseKey, key, checkpoint.pages))) {
          // This worker stalled past its lease and another one took the window over: leave it to them
          // (its checkpoint is not overwritten; the records just yielded are the at-least-once replay).
          logger.warn(`${describe}: another worker took this window over; leaving it to them`);
          lostLease = true;
          return;
        }
        checkpoint.pages++;
        checkpoint.records += ids.length;
        checkpoint.cursor = String(page.next.cursor);
        if (page.next.searchId) checkpoint.searchId = page.next.searchId;
        checkpoint.done = !page.hasMore;
        checkpoint.updatedAt = new Date(clock.now()).toISOString();
        await options.beforeCheckpoint?.({ runId, partition: key, ids, done: checkpoint.done, dropped });
        await checkpoints.put(checkpoint);
        await share(false);
        await tracker.emit("running");
        throwIfAborted(options.signal);
      }
      if (!checkpoint.done) {
        // The pages ended without a last page (a valid API cannot do this): never silently.
        checkpoint.done = true;
        await checkpoints.put(checkpoint);
      }
      progress.windowsDone++;
    } catch (error) {
      if (!isGiveUp(error)) throw error;
      const halves = splitWindow(window);
      const reason = (error as ArenaError).message;
      if (halves.length === 2) {
        logger.warn(`${describe} keeps failing; splitting it in two`, { reason });
        const children = halves.map(encodeWindow);
        await checkpoints.put({
          ...checkpoint,
          done: false,
          data: { ...checkpoint.data, splitInto: children },
        });
        progress.windowsTotal++;
        for (const child of children) {
          yield* collectWindow({ ...task, window: decodeWindow(child), key: partitionKey(label, child) });
          if (lostLease) return;
        }
        return;
      }
      checkpoint.givenUp = reason;
      checkpoint.updatedAt = new Date(clock.now()).toISOString();
      await checkpoints.put(checkpoint);
      await tracker.giveUp(ref, reason);
    }
  }

  try {
    let waiting = tasks;
    while (waiting.length) {
      const heldElsewhere: WindowTask[] = [];
      for (const task of waiting) {
        if (!(await leases.claim(task.key))) {
          heldElsewhere.push(task);
          continue;
        }
        try {
          yield* collectWindow(task);
        } finally {
          await leases.release(task.key);
        }
        if (lostLease) {
          lostLease = false;
          heldElsewhere.push(task);
        }
        if (limitReached) break;
      }
      if (limitReached) break;
      // Windows other workers hold: wait until they finish them, or their lease lapses (a crash).
      waiting = [];
      for (const task of heldElsewhere) {
        if (!(await isFinished(checkpoints, runId, task.key))) waiting.push(task);
        else progress.windowsDone++;
      }
      if (waiting.length) {
        await tracker.emit("running");
        await (deps.sleep ?? realSleep)(deps.leasePollMs ?? 5_000, options.signal);
        throwIfAborted(options.signal);
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
    await tracker.emit("completed");
    return;
  }
  if (progress.givenUp.length) {
    await savePlan(checkpoints, runId, plan, clock.now());
    await tracker.finish();
  }
  plan.completed = true;
  await savePlan(checkpoints, runId, plan, clock.now());
  await share(true);
  await tracker.finish();
}

async function recordsSoFar(store: CheckpointStore, runId: string): Promise<number> {
  let records = 0;
  for (const checkpoint of await store.list(runId)) {
    if (checkpoint.partition !== PLAN_PARTITION && !checkpoint.data?.splitInto) records += checkpoint.records;
  }
  return records;
}
