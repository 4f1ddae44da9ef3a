import type { WindowRef } from "../contract/collector.js";
import { isArenaError } from "../errors/arena-error.js";
import { formatWindow, splitWindow } from "../helpers/date-windows.js";
import type { Checkpoint } from "../ports/checkpoint-store.js";
import type { Logger } from "../ports/logger.js";
import { type LoopEnd, type PageLoopContext, pageLoop } from "./page-loop.js";
import type { Page, PageRequest, PageSource, PartitionTask } from "./page-source.js";
import { partitionCheckpoint } from "./partition-checkpoint.js";
import { decodeWindow, encodeWindow, partitionKey } from "./run-plan.js";
import type { RunTracker } from "./run-tracker.js";
import { forgetYielded, loadYielded } from "./yielded-keys.js";

/** How a task ended for the run: settled (done, skipped or given up), or handed back. */
export type TaskEnd = "settled" | "stopped" | "lost-lease";

/** What happened to a task, as its checkpoint says. */
export type Settlement = "done" | "skipped" | "given-up";

export interface TaskContext<Q, P extends Page<unknown>, T> {
  source: PageSource<Q, P, T>;
  loop: PageLoopContext;
  tracker: RunTracker;
  logger: Logger;
  /** A window that keeps failing is split in two (false: it is given up). */
  split: boolean;
  /** Each task's end, in order (a list stream's report reads the checkpoint's data). */
  onSettled?: (task: PartitionTask<Q>, checkpoint: Checkpoint, how: Settlement) => void;
}

/** The task in messages: "terms#0 2026-09-01..2026-09-08" or "comments:123". */
export const describeTask = (task: PartitionTask<unknown>) =>
  task.window ? `${task.label} ${formatWindow(task.window)}` : task.label;

function refOf(task: PartitionTask<unknown>): WindowRef {
  return task.window
    ? {
        partition: task.label,
        since: task.window.since.toISOString(),
        until: task.window.until.toISOString(),
      }
    : { partition: task.key, since: "", until: "" };
}

/**
 * Runs one partition × window to its end, applying the failure's verdict: `skip-target` ends the task
 * as an outcome; `split` (and a `restart-search` that persists) splits its window in two — the split is
 * recorded in its checkpoint, so a resume and other workers follow it — and gives up a window that
 * cannot be split; `give-up` gives it up (the run goes on and ends incomplete; a resume retries it).
 * Any other verdict stops the run, resumable.
 */
export async function* runTask<Q, P extends Page<unknown>, T>(
  ctx: TaskContext<Q, P, T>,
  task: PartitionTask<Q>,
  /** Keys yielded for this task in this invocation (its halves, when split, do not yield them again). */
  seen = new Set<string>(),
): AsyncGenerator<T, TaskEnd> {
  const { runId, checkpoints, clock, options } = ctx.loop;
  const { progress } = ctx.tracker;
  const saved = await checkpoints.get(runId, task.key);
  const splitInto = saved?.data?.splitInto as string[] | undefined;
  if (saved?.done && !splitInto) {
    progress.windowsDone++;
    ctx.onSettled?.(task, saved, "done");
    return "settled";
  }
  // Begun in an earlier invocation: what it yielded then is not yielded again (by its halves, or a
  // search restarted from its first page).
  if (saved && (saved.pages > 0 || splitInto)) await loadYielded(checkpoints, runId, task.key, seen);
  if (splitInto) return yield* runHalves(ctx, task, splitInto, seen);
  progress.window = refOf(task);
  const checkpoint = partitionCheckpoint(saved, runId, task.key);
  const save = async (done: boolean) => {
    checkpoint.updatedAt = new Date(clock.now()).toISOString();
    if (done) await options.beforeCheckpoint?.({ runId, partition: task.key, ids: [], done: true });
    await checkpoints.put(checkpoint);
  };
  try {
    if (ctx.source.prepare) {
      const request: PageRequest<Q> = {
        task,
        cursor: {},
        data: checkpoint.data,
        records: checkpoint.records,
        ...(options.signal ? { signal: options.signal } : {}),
      };
      await ctx.source.prepare(request, async (data) => {
        checkpoint.data = data;
        await save(false);
      });
    }
    const end: LoopEnd = yield* pageLoop(ctx.source, task, checkpoint, ctx.loop, seen);
    if (end !== "done") return end;
    progress.windowsDone++;
    ctx.onSettled?.(task, checkpoint, "done");
    return "settled";
  } catch (error) {
    if (!isArenaError(error)) throw error;
    const reason = error.message;
    switch (error.verdict) {
      case "skip-target": {
        const status = (error.details.targetStatus as string | undefined) ?? "unavailable";
        progress.skipped++;
        ctx.logger.warn(`${describeTask(task)}: ${status}; continuing with the next target`, {
          detail: reason,
        });
        checkpoint.done = true;
        checkpoint.data = { status, detail: reason };
        await save(true);
        progress.windowsDone++;
        ctx.onSettled?.(task, checkpoint, "skipped");
        await ctx.tracker.emit("running");
        return "settled";
      }
      case "restart-search":
      case "split": {
        const halves = task.window && ctx.split ? splitWindow(task.window) : [];
        if (halves.length === 2) {
          ctx.logger.warn(`${describeTask(task)} keeps failing; splitting it in two`, { reason });
          const children = halves.map(encodeWindow);
          // (The page loop kept what this window yielded before it threw: the halves' resume loads it.)
          await checkpoints.put({
            ...checkpoint,
            done: false,
            data: { ...checkpoint.data, splitInto: children },
          });
          progress.windowsTotal++;
          return yield* runHalves(ctx, task, children, seen);
        }
        break;
      }
      case "give-up":
        break;
      default:
        throw error;
    }
    if (error.details.freshStart === true) {
      // The partition's progress cannot be used again (e.g. a snapshot that is gone): a resume starts it afresh.
      delete checkpoint.cursor;
      delete checkpoint.searchId;
      delete checkpoint.data;
      await forgetYielded(checkpoints, runId, task.key, clock.now());
    }
    checkpoint.givenUp = reason;
    await save(false);
    ctx.onSettled?.(task, checkpoint, "given-up");
    await ctx.tracker.giveUp(refOf(task), reason);
    return "settled";
  }
}

async function* runHalves<Q, P extends Page<unknown>, T>(
  ctx: TaskContext<Q, P, T>,
  task: PartitionTask<Q>,
  children: readonly string[],
  seen: Set<string>,
): AsyncGenerator<T, TaskEnd> {
  for (const child of children) {
    const end = yield* runTask(
      ctx,
      {
        ...task,
        window: decodeWindow(child),
        key: partitionKey(task.label, child),
      },
      seen,
    );
    if (end !== "settled") return end;
  }
  return "settled";
}
