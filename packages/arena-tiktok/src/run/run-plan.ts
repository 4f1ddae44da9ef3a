import { type CheckpointStore, ConfigError, type DateWindow } from "@observatory/arena-core";
import type { AuthorInfo } from "../normalize/video-record.js";

/** The run's own checkpoint: which partitions and windows it covers (windows split when they keep failing). */
export interface RunPlan {
  kind: string;
  /** Hash of the validated query: a runId is never reused for another query. */
  fingerprint: string;
  parts: { label: string; windows: string[] }[];
  completed?: boolean;
  limitReached?: boolean;
  /** Records yielded by earlier invocations of this run (for maxResults across resumes). */
  records: number;
  /** collectByActors: user info fetched once per run. */
  authors?: Record<string, AuthorInfo | { unavailable: string }>;
}

export const PLAN_PARTITION = "plan";

export const encodeWindow = (w: DateWindow) => `${w.since.toISOString()}..${w.until.toISOString()}`;

export function decodeWindow(text: string): DateWindow {
  const [since, until] = text.split("..");
  return { since: new Date(since!), until: new Date(until!) };
}

export const partitionKey = (label: string, window: string) => `${label}|${window}`;

export async function loadPlan(
  store: CheckpointStore,
  runId: string,
  fresh: () => RunPlan,
): Promise<RunPlan> {
  const saved = await store.get(runId, PLAN_PARTITION);
  const wanted = fresh();
  if (!saved?.data) return wanted;
  const plan = saved.data as unknown as RunPlan;
  if (plan.fingerprint !== wanted.fingerprint || plan.kind !== wanted.kind) {
    throw new ConfigError(
      `runId "${runId}" belongs to a different query; use a new runId (or the same query to resume it).`,
      { field: "runId" },
    );
  }
  return plan;
}

export async function savePlan(
  store: CheckpointStore,
  runId: string,
  plan: RunPlan,
  now: number,
): Promise<void> {
  await store.put({
    runId,
    partition: PLAN_PARTITION,
    done: plan.completed === true,
    pages: 0,
    records: plan.records,
    data: plan as unknown as Record<string, unknown>,
    updatedAt: new Date(now).toISOString(),
  });
}
