import { ConfigError } from "../errors/arena-error.js";
import type { DateWindow } from "../helpers/date-windows.js";
import type { Checkpoint, CheckpointStore } from "../ports/checkpoint-store.js";

/** The run's own checkpoint: which partitions and windows it covers (windows split when they keep failing). */
export interface RunPlan {
  kind: string;
  /** Hash of the validated query: a runId is never reused for another query. */
  fingerprint: string;
  /** Partitions and their windows ("" for a partition without dates: a user, a video, a snapshot). */
  parts: { label: string; windows: string[] }[];
  completed?: boolean;
  limitReached?: boolean;
  /** Records yielded by earlier invocations of this run (for maxResults across resumes). */
  records: number;
  /** The arena's own run state, JSON-safe (e.g. user info fetched once per run). */
  data?: Record<string, unknown>;
  /** Windows chosen as the run goes, over this range (see adaptive-plan.ts): `parts` holds those chosen so far. */
  adaptive?: { since: string; until: string };
}

/** The partition that holds the plan. */
export const PLAN_PARTITION = "plan";

export const encodeWindow = (w: DateWindow) => `${w.since.toISOString()}..${w.until.toISOString()}`;

export function decodeWindow(text: string): DateWindow {
  const [since, until] = text.split("..");
  return { since: new Date(since!), until: new Date(until!) };
}

/** The checkpoint partition of a window of a partition ("label|since..until"), or the label alone. */
export const partitionKey = (label: string, window: string) => (window ? `${label}|${window}` : label);

/** The saved plan, or `fresh()` for a new run; a runId saved for another query is refused. */
export async function loadPlan(
  store: CheckpointStore,
  runId: string,
  fresh: () => RunPlan,
): Promise<RunPlan> {
  const saved = await store.get(runId, PLAN_PARTITION);
  const wanted = fresh();
  if (!saved?.data) return wanted;
  const plan = saved.data as unknown as Partial<RunPlan>;
  if (plan.fingerprint !== wanted.fingerprint || plan.kind !== wanted.kind) {
    throw new ConfigError(
      `runId "${runId}" belongs to a different query; use a new runId (or the same query to resume it).`,
      { field: "runId" },
    );
  }
  // Plans saved before partitions were recorded (list runs) take today's partitions.
  return { ...wanted, ...plan, parts: plan.parts ?? wanted.parts, records: plan.records ?? 0 } as RunPlan;
}

export async function savePlan(
  store: CheckpointStore,
  runId: string,
  plan: RunPlan,
  now: number,
): Promise<void> {
  if (plan.adaptive) await adoptStoredWindows(store, runId, plan);
  const checkpoint: Checkpoint = {
    runId,
    partition: PLAN_PARTITION,
    done: plan.completed === true,
    pages: 0,
    records: plan.records,
    data: plan as unknown as Record<string, unknown>,
    updatedAt: new Date(now).toISOString(),
  };
  await store.put(checkpoint);
}

/** Records of pages already checkpointed (by earlier invocations or other workers) in this run. */
export async function recordsSoFar(store: CheckpointStore, runId: string): Promise<number> {
  let records = 0;
  for (const checkpoint of await store.list(runId)) {
    if (checkpoint.partition !== PLAN_PARTITION && !checkpoint.data?.splitInto) records += checkpoint.records;
  }
  return records;
}

/** The union of two window lists of a partition, by start (a worker adopts the windows others appended). */
export function mergeWindows(ours: readonly string[], theirs: readonly string[]): string[] {
  const all = new Set([...ours, ...theirs]);
  return [...all].sort((a, b) => decodeWindow(a).since.getTime() - decodeWindow(b).since.getTime());
}

/**
 * Two saved copies of a run's plan — the shared store's (other workers append windows to it) and one
 * a worker kept itself (e.g. in its output's sidecar) — as one: the shared copy, with every window
 * either holds. An adaptive plan's windows then always continue the ones other workers chose; a
 * shared store that lost windows (flushed, restored from an older snapshot) gets them back.
 */
export function mergePlanCheckpoints(shared: Checkpoint, own: Checkpoint): Checkpoint {
  const theirs = shared.data as Partial<RunPlan> | undefined;
  const ours = own.data as Partial<RunPlan> | undefined;
  if (!theirs?.parts || !ours?.parts) return shared;
  const parts = theirs.parts.map((part) => {
    const mine = ours.parts?.find((p) => p.label === part.label);
    return mine ? { ...part, windows: mergeWindows(part.windows, mine.windows) } : part;
  });
  return { ...shared, data: { ...theirs, parts } as unknown as Record<string, unknown> };
}

/** Adopts the windows other workers saved in the stored plan of an adaptive run (before it is read or saved). */
export async function adoptStoredWindows(
  store: CheckpointStore,
  runId: string,
  plan: RunPlan,
): Promise<void> {
  if (!plan.adaptive) return;
  const stored = (await store.get(runId, PLAN_PARTITION))?.data as Partial<RunPlan> | undefined;
  for (const part of stored?.parts ?? []) {
    const ours = plan.parts.find((p) => p.label === part.label);
    if (ours) ours.windows = mergeWindows(ours.windows, part.windows);
  }
}
