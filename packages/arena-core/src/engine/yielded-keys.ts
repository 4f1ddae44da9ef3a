import type { CheckpointStore } from "../ports/checkpoint-store.js";

/**
 * What a task (a window) has yielded, kept beside the run's checkpoints when an invocation leaves it
 * unfinished or splits it. Within one invocation a task's keys are in memory (`seen`), so a split
 * window's halves, or a search restarted from its first page, drop what the window already yielded;
 * a later invocation (after a quota pause, a request budget, a failure) loads them, so it drops them
 * too. Only keys of checkpointed pages are kept: a key of a page that is replayed must come again. A
 * kill -9 keeps nothing: what that invocation yielded of an unfinished window can come again if the
 * window is later split or restarted (at-least-once, as after any crash).
 */
export const yieldedRunId = (runId: string) => `${runId}#yielded`;

/** Adds the keys kept for `partition` to `into`. */
export async function loadYielded(
  checkpoints: CheckpointStore,
  runId: string,
  partition: string,
  into: Set<string>,
): Promise<void> {
  const keys = (await checkpoints.get(yieldedRunId(runId), partition))?.data?.keys;
  if (!Array.isArray(keys)) return;
  for (const key of keys) if (typeof key === "string") into.add(key);
}

/** Keeps `keys` (every one from a checkpointed page) for `partition`. */
export async function saveYielded(
  checkpoints: CheckpointStore,
  runId: string,
  partition: string,
  keys: ReadonlySet<string>,
  now: number,
): Promise<void> {
  if (keys.size === 0) return;
  await checkpoints.put({
    runId: yieldedRunId(runId),
    partition,
    done: true,
    pages: 0,
    records: keys.size,
    data: { keys: [...keys] },
    updatedAt: new Date(now).toISOString(),
  });
}

/** Forgets what was kept for `partition` (its progress is forgotten too: it starts afresh). */
export async function forgetYielded(
  checkpoints: CheckpointStore,
  runId: string,
  partition: string,
  now: number,
): Promise<void> {
  const kept = await checkpoints.get(yieldedRunId(runId), partition);
  if (kept)
    await checkpoints.put({
      ...kept,
      records: 0,
      data: { keys: [] },
      updatedAt: new Date(now).toISOString(),
    });
}
