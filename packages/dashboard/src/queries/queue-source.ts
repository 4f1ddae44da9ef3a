import type { SqlQueryable } from "@observatory/store-postgres";
import type { Queue } from "bullmq";
import { isoOrNull, num } from "./sql-values.js";

export type QueueState = "waiting" | "active" | "delayed" | "failed" | "completed";

/** One job as the Queue page lists it. */
export interface QueueJobRow {
  id: string;
  name: string;
  state: QueueState | string;
  attempts: number;
  /** Why it failed (or how a run ended). */
  reason: string | null;
  at: string | null;
  retryable: boolean;
}

export interface QueueView {
  /** "bullmq": the scheduler's queue; "runs": the in-process executor's runs (no queue). */
  kind: "bullmq" | "runs";
  counts: Record<string, number>;
  jobs: QueueJobRow[];
}

export type RetryResult = "retried" | "not-found" | "not-failed";

/** What the Queue page reads and the retry action writes. */
export interface QueueSource {
  view(limit: number): Promise<QueueView>;
  retry(id: string): Promise<RetryResult>;
}

const STATES: QueueState[] = ["waiting", "active", "delayed", "failed", "completed"];

/** The scheduler's BullMQ queue (PostgreSQL or Redis): jobs by state, a failed job retried by id. */
export function bullmqQueueSource(queue: Queue): QueueSource {
  return {
    async view(limit) {
      const raw = await queue.getJobCounts(
        "waiting",
        "prioritized",
        "active",
        "delayed",
        "failed",
        "completed",
      );
      const counts: Record<string, number> = {
        waiting: (raw.waiting ?? 0) + (raw.prioritized ?? 0),
        active: raw.active ?? 0,
        delayed: raw.delayed ?? 0,
        failed: raw.failed ?? 0,
        completed: raw.completed ?? 0,
      };
      const jobs: QueueJobRow[] = [];
      for (const state of STATES) {
        const types = state === "waiting" ? (["waiting", "prioritized"] as const) : ([state] as const);
        const list = await queue.getJobs([...types], 0, limit - 1, state !== "completed");
        for (const job of list) {
          if (!job?.id) continue;
          const t = job.finishedOn ?? job.processedOn ?? job.timestamp;
          jobs.push({
            id: job.id,
            name: job.name,
            state,
            attempts: job.attemptsMade,
            reason: state === "failed" ? (job.failedReason ?? null) : null,
            at: t ? new Date(t).toISOString() : null,
            retryable: state === "failed",
          });
        }
      }
      return { kind: "bullmq", counts, jobs };
    },
    async retry(id) {
      const job = await queue.getJob(id);
      if (!job) return "not-found";
      if ((await job.getState()) !== "failed") return "not-failed";
      await job.retry("failed");
      return "retried";
    },
  };
}

/**
 * Without a queue (an embedded store runs the in-process executor) the scheduler's own record of its
 * jobs is the store's runs: a scheduled run's id is its job id. A run that did not complete is planned
 * again by the executor's next tick, so there is nothing to retry by hand.
 */
export function runsQueueSource(sql: SqlQueryable): QueueSource {
  return {
    async view(limit) {
      const [counts, rows] = await Promise.all([
        sql.query<Record<string, unknown>>(
          "SELECT status, count(*) AS n FROM collection_runs WHERE kind = 'schedule' GROUP BY 1",
        ),
        sql.query<Record<string, unknown>>(
          `SELECT run_id, status, detail, updated_at FROM collection_runs WHERE kind = 'schedule'
           ORDER BY (status = 'completed'), updated_at DESC LIMIT $1`,
          [limit],
        ),
      ]);
      return {
        kind: "runs",
        counts: Object.fromEntries(counts.rows.map((r) => [String(r.status), num(r.n)])),
        jobs: rows.rows.map((r) => ({
          id: String(r.run_id),
          name: String(r.run_id).split(".")[0] ?? "",
          state: String(r.status),
          attempts: 1,
          reason: r.detail === null || r.detail === undefined ? null : String(r.detail),
          at: isoOrNull(r.updated_at),
          retryable: false,
        })),
      };
    },
    async retry() {
      return "not-found";
    },
  };
}
