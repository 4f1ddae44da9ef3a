import type { CheckpointStore, PlannerHistory, PlannerSummary } from "@observatory/arena-core";
import { z } from "zod";

/** Where the arena keeps what its window planner learnt about each query shape. */
export const PLANNER_RUN_ID = "tiktok:planner";

const savedSchema = z.object({
  density: z.number().nonnegative().optional(),
  windowDays: z.number().int().min(1).max(30).optional(),
});

/**
 * What the window planner learnt about a query shape in its last completed run (matches a day, the
 * widest window that worked), so a repeated or scheduled query starts from it; undefined when none.
 */
export async function readPlannerHistory(
  checkpoints: CheckpointStore,
  shape: string,
): Promise<PlannerHistory | undefined> {
  const saved = await checkpoints.get(PLANNER_RUN_ID, shape);
  const parsed = savedSchema.safeParse(saved?.data);
  if (!parsed.success) return undefined;
  return {
    ...(parsed.data.density === undefined ? {} : { density: parsed.data.density }),
    ...(parsed.data.windowDays === undefined ? {} : { windowDays: parsed.data.windowDays }),
  };
}

/** Keeps the planners' summary of a completed run (density summed over partitions, the narrowest window). */
export async function savePlannerHistory(
  checkpoints: CheckpointStore,
  shape: string,
  summaries: readonly PlannerSummary[],
  now: number,
): Promise<void> {
  if (!summaries.length) return;
  const known = summaries.filter((s) => s.density !== undefined);
  const data = {
    ...(known.length ? { density: known.reduce((n, s) => n + (s.density ?? 0), 0) } : {}),
    windowDays: Math.min(...summaries.map((s) => s.windowDays)),
  };
  await checkpoints.put({
    runId: PLANNER_RUN_ID,
    partition: shape,
    done: true,
    pages: 0,
    records: 0,
    data,
    updatedAt: new Date(now).toISOString(),
  });
}
