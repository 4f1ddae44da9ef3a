import type { CheckpointStore, PlannerHistory } from "@observatory/arena-core";
import { z } from "zod";

/** Where the arena keeps what its window planner learnt about each query shape. */
export const PLANNER_RUN_ID = "tiktok:planner";

const savedSchema = z.object({
  density: z.number().nonnegative().optional(),
  windowDays: z.number().int().min(1).max(30).optional(),
});

/**
 * What the window planner learnt about a query shape (matches a day, the widest window that worked) in
 * its last run, or in the run under way: saved as each window ends, so a paused collection resumes
 * from it, and a repeated or scheduled query starts from it; undefined when none.
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

/** Keeps what the planners of a run have learnt so far (see `WindowPlanners.learnt`). */
export async function savePlannerHistory(
  checkpoints: CheckpointStore,
  shape: string,
  learnt: PlannerHistory,
  now: number,
): Promise<void> {
  await checkpoints.put({
    runId: PLANNER_RUN_ID,
    partition: shape,
    done: true,
    pages: 0,
    records: 0,
    data: { ...learnt },
    updatedAt: new Date(now).toISOString(),
  });
}
