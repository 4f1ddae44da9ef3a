import { z } from "zod";

/**
 * The CLI's machine interface: what a host (a Python scheduler, a notebook) reads when it drives
 * `observatory` as a subprocess. Three documents, each versioned by its `schema` field:
 *
 * - `--json`: the run's summary, one JSON object on stdout when the records go to a file or a database;
 * - `--progress json`: one JSON object per line on stderr (start, progress, log, end);
 * - `--dry-run`: one JSON object per planned request on stdout (or, with `--json`, one object holding them).
 *
 * The schemas are the contract; `machineJsonSchemas()` gives them as JSON Schema for hosts in other
 * languages. Fields are added, never renamed or retyped, within one schema version.
 */

export const OUTCOMES = [
  "completed",
  "already-completed",
  "paused",
  "budget-spent",
  "incomplete",
  "interrupted",
  "failed",
  "silent-zeros",
  "deferred",
] as const;
export const outcomeSchema = z.enum(OUTCOMES);

export const quotaSnapshotSchema = z.object({
  pool: z.string(),
  requestsUsed: z.number().int(),
  requestsLimit: z.number().int(),
  recordsUsed: z.number().int(),
  recordsLimit: z.number().int(),
  resetsAt: z.string().describe("ISO-8601 UTC instant of the next reset"),
});

export const partitionRefSchema = z.object({
  partition: z.string(),
  since: z.string().optional(),
  until: z.string().optional(),
});

export const targetOutcomeSchema = z.object({
  target: z.string(),
  status: z.string().describe("ok, not_found, private, capped, failed, …"),
  records: z.number().int(),
  detail: z.string().optional(),
});

/** `--json`: the final summary, one object on stdout. */
export const runSummarySchema = z.object({
  schema: z.literal("observatory.summary/1"),
  command: z.string().describe("e.g. tiktok collect"),
  outcome: outcomeSchema,
  exitCode: z.number().int(),
  runId: z.string(),
  output: z.string().describe("the file's absolute path, a database location, or stdout"),
  records: z.object({
    written: z.number().int().describe("written by this invocation"),
    total: z.number().int().describe("in the whole output (earlier invocations of the run included)"),
    replayed: z.number().int().describe("already in the output from an interrupted invocation"),
  }),
  requests: z.number().int().describe("data requests this invocation sent"),
  maxRequests: z.number().int().optional().describe("--max-requests, when given"),
  quota: quotaSnapshotSchema.optional(),
  partitions: z.object({
    unit: z
      .string()
      .describe(
        "windows (video searches), targets (users, videos, playlists) or batches (refresh: ≤ 100 videos a request)",
      ),
    done: z.number().int(),
    total: z.number().int(),
    givenUp: z.array(partitionRefSchema),
  }),
  skipped: z.number().int(),
  languages: z.record(z.string(), z.number().int()),
  dropped: z.record(z.string(), z.number().int()).describe("records left out by --language, per language"),
  targets: z.array(targetOutcomeSchema).optional(),
  resumeAt: z.string().optional().describe("paused: when the quota resets (ISO-8601 UTC)"),
  resumeCommand: z.string().optional().describe("the command line that resumes this run"),
  synthetic: z.boolean().describe("true: the built-in emulator's synthetic data"),
  durationMs: z.number().int(),
  failure: z.string().optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

const eventBase = { schema: z.literal("observatory.progress/1"), at: z.string(), runId: z.string() };

/** `--progress json`: every stderr line is one of these. */
export const progressEventSchema = z.discriminatedUnion("event", [
  z.object({
    ...eventBase,
    event: z.literal("start"),
    command: z.string(),
    output: z.string(),
    resumed: z.boolean(),
    maxRequests: z.number().int().optional(),
  }),
  z.object({
    ...eventBase,
    event: z.literal("progress"),
    phase: z.string().describe("running, completed, paused, incomplete, failed, aborted"),
    requests: z.number().int(),
    records: z.number().int().describe("records the collector yielded in this invocation"),
    written: z.number().int().describe("records in the output so far"),
    skipped: z.number().int(),
    partitionsDone: z.number().int(),
    partitionsTotal: z.number().int(),
    partition: partitionRefSchema.optional(),
    quota: quotaSnapshotSchema.optional(),
  }),
  z.object({
    ...eventBase,
    event: z.literal("log"),
    message: z.string().describe("a line the command would have printed for people (warnings, notices)"),
  }),
  z.object({ ...eventBase, event: z.literal("end"), summary: runSummarySchema }),
]);
export type ProgressEvent = z.infer<typeof progressEventSchema>;

/** `--dry-run`: one planned request. */
export const plannedRequestSchema = z.object({
  schema: z.literal("observatory.planned-request/1"),
  endpoint: z.string().describe("path under /v2/research/, e.g. video/query/"),
  fields: z.string().optional().describe("the fields query parameter"),
  partition: z.string().describe("the partition (and window) or target this request opens"),
  body: z
    .unknown()
    .describe("the JSON body exactly as sent; 64-bit IDs are bare integers where the API wants them"),
});
export type PlannedRequest = z.infer<typeof plannedRequestSchema>;

/** `--dry-run --json`: the plan as one object. */
export const dryRunSchema = z.object({
  schema: z.literal("observatory.dry-run/1"),
  command: z.string(),
  requests: z.number().int().describe("requests planned: the first of each partition; paging adds more"),
  planned: z.array(plannedRequestSchema),
});
export type DryRun = z.infer<typeof dryRunSchema>;

/** The schemas as JSON Schema (draft 2020-12), for hosts in other languages. */
export function machineJsonSchemas(): Record<string, unknown> {
  return {
    summary: z.toJSONSchema(runSummarySchema),
    progress: z.toJSONSchema(progressEventSchema),
    plannedRequest: z.toJSONSchema(plannedRequestSchema),
    dryRun: z.toJSONSchema(dryRunSchema),
  };
}
