import type { CollectOptions, Progress } from "../contract/collector.js";
import { isArenaError } from "../errors/arena-error.js";
import type { Checkpoint, CheckpointStore } from "../ports/checkpoint-store.js";
import type { Clock } from "../ports/clock.js";
import { throwIfAborted } from "./abort.js";
import type { Page, PageCursor, PageRequest, PageSource, PartitionTask } from "./page-source.js";
import { saveYielded } from "./yielded-keys.js";

export interface PageLoopContext {
  runId: string;
  checkpoints: CheckpointStore;
  clock: Clock;
  options: CollectOptions;
  /** Counts `records` and `skipped`. */
  progress: Progress;
  /** Called after each record is yielded; true stops the run there (e.g. maxResults reached). */
  onRecord?: () => boolean;
  /** Records per task at most: the task is done when it has this many. */
  partitionLimit?: number;
  /** Checked before a page is checkpointed: false when another worker has taken the task over. */
  stillOurs?: (task: PartitionTask<unknown>, pagesBefore: number) => Promise<boolean>;
  /** After each page is read: the items the platform returned for it (the silent-zero alarm counts them). */
  onItems?: (task: PartitionTask<unknown>, items: number) => void;
  /** After each checkpoint (progress, cost history); true stops the run there (e.g. a request budget spent). */
  afterPage?: () => Promise<boolean | undefined>;
}

/** How a task's page loop ended. */
export type LoopEnd = "done" | "stopped" | "lost-lease";

/**
 * The one per-page checkpoint loop: asks the arena for the page at the checkpoint's cursor, yields its
 * records (de-duplicated within the task), then awaits `beforeCheckpoint` and saves the checkpoint
 * before the next request, so a kill replays at most one page. A `restart-search` failure starts the
 * task again from its first page once (the de-duplication drops what was already yielded).
 */
export async function* pageLoop<Q, P extends Page<unknown>, T>(
  source: PageSource<Q, P, T>,
  task: PartitionTask<Q>,
  checkpoint: Checkpoint,
  ctx: PageLoopContext,
  /** Keys already yielded for this task (a split window's halves share their parent's). */
  seen = new Set<string>(),
): AsyncGenerator<T, LoopEnd> {
  const { options, progress } = ctx;
  let cursor: PageCursor = {
    ...(checkpoint.cursor === undefined ? {} : { cursor: checkpoint.cursor }),
    ...(checkpoint.searchId ? { searchId: checkpoint.searchId } : {}),
  };
  let restarted = false;
  // Before leaving the task unfinished, keep what it yielded (every page so far is checkpointed here).
  const keep = () => saveYielded(ctx.checkpoints, ctx.runId, task.key, seen, ctx.clock.now());
  for (;;) {
    const request: PageRequest<Q> = {
      task,
      cursor,
      data: checkpoint.data,
      records: checkpoint.records,
      ...(options.signal ? { signal: options.signal } : {}),
    };
    let page: P;
    try {
      page = await source.fetchPage(request);
    } catch (error) {
      const resumable = cursor.cursor !== undefined || cursor.searchId !== undefined;
      if (isArenaError(error) && error.verdict === "restart-search" && !restarted && resumable) {
        restarted = true;
        cursor = {};
        continue;
      }
      await keep();
      throw error;
    }
    const ids: string[] = [];
    const keys: string[] = [];
    const dropped: Record<string, number> = {};
    let limitReached = false;
    let index = 0;
    for await (const item of page.items) {
      const record = source.normalise(item as never, index++, page, request);
      if (!record) {
        progress.skipped++;
        continue;
      }
      if ("dropped" in record) {
        dropped[record.dropped] = (dropped[record.dropped] ?? 0) + 1;
        continue;
      }
      keys.push(record.key);
      if (seen.has(record.key) || page.known?.has(record.key)) {
        progress.skipped++;
        continue;
      }
      seen.add(record.key);
      ids.push(record.id);
      progress.records++;
      yield record.value;
      if (ctx.onRecord?.()) {
        await options.beforeCheckpoint?.({
          runId: ctx.runId,
          partition: task.key,
          ids,
          done: true,
          ...withDropped(dropped),
        });
        return "stopped";
      }
      if (ctx.partitionLimit !== undefined && checkpoint.records + ids.length >= ctx.partitionLimit) {
        limitReached = true;
        break;
      }
    }
    await page.settle?.();
    ctx.onItems?.(task, index);
    if (ctx.stillOurs && !(await ctx.stillOurs(task, checkpoint.pages))) return "lost-lease";
    if (page.sent !== false) checkpoint.pages++;
    checkpoint.records += ids.length;
    if (page.next.cursor === undefined) delete checkpoint.cursor;
    else checkpoint.cursor = page.next.cursor;
    if (page.next.searchId) checkpoint.searchId = page.next.searchId;
    checkpoint.done = page.done || limitReached;
    if (page.data) checkpoint.data = page.data(keys, limitReached);
    checkpoint.updatedAt = new Date(ctx.clock.now()).toISOString();
    await options.beforeCheckpoint?.({
      runId: ctx.runId,
      partition: task.key,
      ids,
      done: checkpoint.done,
      ...withDropped(dropped),
    });
    await ctx.checkpoints.put(checkpoint);
    const stop = await ctx.afterPage?.();
    if (!checkpoint.done && (stop || page.fault || options.signal?.aborted)) await keep();
    throwIfAborted(options.signal);
    if (page.fault) throw page.fault;
    if (stop && !checkpoint.done) return "stopped";
    if (checkpoint.done) return "done";
    cursor = page.next;
  }
}

/** `dropped` for PageCommit: absent when nothing was dropped. */
const withDropped = (dropped: Record<string, number>) => (Object.keys(dropped).length ? { dropped } : {});
