import {
  CollectionAbortedError,
  type ContentRecord,
  MemoryCheckpointStore,
  type Progress,
  QuotaExhaustedError,
  type TargetStatus,
} from "@observatory/arena-core";
import { COMMENT_CHECK_VIDEOS, type CommentCheckJob } from "../planner/jobs.js";
import { DEFAULT_RECHECK_RULES, recheckCutoffs } from "../planner/recheck-rules.js";
import { BudgetedQuotaLedger, capsFor } from "../quota/budgeted-ledger.js";
import type { JobDeps, JobOutcome } from "./run-job.js";

/**
 * Video outcomes whose comment list tells which held comments TikTok no longer returns: read to its
 * end ("ok"), or the video itself is gone (its comments with it). A capped list (the top 1,000) or a
 * failed one confirms only what it returned.
 */
const JUDGED: ReadonlySet<TargetStatus> = new Set(["ok", "not_found", "private", "unavailable"]);

/**
 * The compliance check of held comments on their own (ToS 3.d): the comments of the videos whose held
 * comments are due are asked for again (spent as compliance, inside the reserved share); held comments
 * returned are updated and marked checked, those no longer returned are deleted and logged.
 */
export async function runCommentCheck(
  job: CommentCheckJob,
  deps: JobDeps,
  signal?: AbortSignal,
): Promise<JobOutcome> {
  const { store, clock } = deps;
  const cutoffs = recheckCutoffs(clock.now(), deps.rules ?? DEFAULT_RECHECK_RULES);
  const due = await store.dueComments(job.platform, cutoffs, COMMENT_CHECK_VIDEOS);
  if (due.size === 0) return { status: "done", records: 0, deleted: 0, note: "nothing due" };
  const quota = new BudgetedQuotaLedger(
    deps.quota,
    store,
    capsFor({ kind: "compliance" }, deps.shares),
    clock,
  );
  const collector = deps.collector({ quota, checkpoints: new MemoryCheckpointStore() });
  let last: Progress | undefined;
  const stream = collector.collectComments([...due.keys()], {
    runId: job.id,
    ...(signal ? { signal } : {}),
    onProgress: (p) => {
      last = p;
    },
  });
  const returned = new Map<string, ContentRecord>();
  let pausedAt: string | undefined;
  try {
    for await (const record of stream) returned.set(record.platform_id, record);
  } catch (error) {
    // A spent quota pauses; SIGTERM (the signal) stops after the video in flight: what came back is kept.
    if (error instanceof QuotaExhaustedError) pausedAt = error.resumeAt;
    else if (!(error instanceof CollectionAbortedError)) throw error;
  }
  const held = new Set([...due.values()].flat());
  const confirmed = [...returned.values()].filter((r) => held.has(r.platform_id));
  const missing: string[] = [];
  for (const outcome of stream.report.outcomes) {
    if (!JUDGED.has(outcome.status)) continue;
    for (const id of due.get(outcome.target) ?? []) if (!returned.has(id)) missing.push(id);
  }
  if (confirmed.length || missing.length) {
    await store.applyCommentCheck({ platform: job.platform, returned: confirmed, missing, at: clock.now() });
  }
  const resumeAt = pausedAt ?? (last?.phase === "paused" ? last.resumeAt : undefined);
  if (resumeAt) return { status: "paused", resumeAt, records: confirmed.length };
  if (signal?.aborted) return { status: "aborted", records: confirmed.length };
  return { status: "done", records: confirmed.length, deleted: missing.length };
}
