import { ConfigError, parseInput, UpstreamError } from "@observatory/arena-core";
import { z } from "zod";
import type { TikTokDeps } from "../deps.js";
import {
  COMPLIANCE_CATEGORIES,
  COMPLIANCE_MAX_IDS,
  type ComplianceCategory,
  VALIDATION_TASK_CREATE_ENDPOINT,
  VALIDATION_TASK_STATUS_ENDPOINT,
  validationTaskCreatedSchema,
  validationTaskStatusSchema,
} from "../endpoints/compliance.js";
import { JsonInt64 } from "../http/lossless-json.js";

/** A batch compliance task TikTok accepted. */
export interface ComplianceTask {
  /** The task's int64 ID, exact. */
  taskId: string;
  category: ComplianceCategory;
  /** IDs in the uploaded file. */
  ids: number;
  logId?: string;
  createdAt: string;
}

/** What validation_task_status/get/ answered: `status` when the answer has one, and the whole `data`. */
export interface ComplianceTaskStatus {
  taskId: string;
  status: string | null;
  raw: Record<string, unknown>;
  logId?: string;
  checkedAt: string;
}

/**
 * TikTok documents how to create a batch compliance task and ask for its status, and nothing about
 * how its results (which IDs are still available) are delivered. Asking for them is this error, never
 * a guess; the README's "Batch compliance" section says what to do instead.
 */
export class ComplianceResultsUndocumentedError extends UpstreamError {
  readonly taskId: string;
  constructor(taskId: string) {
    super(
      `TikTok's batch compliance docs do not say how the results of task ${taskId} are delivered, so they ` +
        "cannot be read. Check the task's status (complianceTaskStatus), keep the task ID, and re-collect the " +
        "IDs with refreshEngagement (a video no longer returned is one to delete) until TikTok documents the results.",
      { code: "compliance_results_undocumented", details: { taskId } },
    );
    this.taskId = taskId;
  }
}

const idList = z
  .array(
    z
      .union([z.string(), z.bigint()])
      .transform((v) => String(v).trim())
      .pipe(z.string().regex(/^\d{1,20}$/, "a video or comment ID is a decimal integer string")),
  )
  .min(1, "give at least one ID")
  .max(
    COMPLIANCE_MAX_IDS,
    `TikTok takes at most ${COMPLIANCE_MAX_IDS.toLocaleString("en")} IDs per task: split the list`,
  );

/**
 * validation_task/create/: uploads the IDs as a text file (one per line, form-data `file_data`) with
 * their `category`, and returns the task ID. At most 10,000 IDs (more is a ConfigError naming `ids`).
 */
export async function createComplianceTask(
  deps: TikTokDeps,
  ids: readonly (string | bigint)[],
  category: ComplianceCategory,
  options: { signal?: AbortSignal } = {},
): Promise<ComplianceTask> {
  const input = parseInput(
    z.object({ ids: idList, category: z.enum(COMPLIANCE_CATEGORIES, "category is video or comment") }),
    { ids, category },
    "batch compliance task",
  );
  const unique = [...new Set(input.ids)];
  const file = `${unique.join("\n")}\n`;
  const result = await deps.client.call(VALIDATION_TASK_CREATE_ENDPOINT, undefined, {
    pool: "research",
    ...(options.signal ? { signal: options.signal } : {}),
    multipart: () => {
      const form = new FormData();
      form.append("file_data", new Blob([file], { type: "text/plain" }), "ids.txt");
      form.append("category", input.category);
      return form;
    },
    parse: (data) => validationTaskCreatedSchema.parse(data),
    describe: `the batch compliance task of ${unique.length} ${input.category} IDs`,
  });
  return {
    taskId: result.value.task_id,
    category: input.category,
    ids: unique.length,
    ...(result.logId ? { logId: result.logId } : {}),
    createdAt: new Date(deps.clock.now()).toISOString(),
  };
}

/** validation_task_status/get/: the task's status as TikTok answers it (the shape is undocumented: kept whole). */
export async function complianceTaskStatus(
  deps: TikTokDeps,
  taskId: string,
  options: { signal?: AbortSignal } = {},
): Promise<ComplianceTaskStatus> {
  if (!/^\d{1,20}$/.test(taskId)) {
    throw new ConfigError(
      `taskId ${JSON.stringify(taskId)} is not a task ID: use the digits createComplianceTask returned.`,
      {
        field: "taskId",
      },
    );
  }
  const result = await deps.client.call(
    VALIDATION_TASK_STATUS_ENDPOINT,
    { task_id: new JsonInt64(taskId) },
    {
      pool: "research",
      ...(options.signal ? { signal: options.signal } : {}),
      parse: (data) => validationTaskStatusSchema.parse(data ?? {}),
      describe: `the status of batch compliance task ${taskId}`,
    },
  );
  const { status, ...rest } = result.value;
  return {
    taskId,
    status: status ?? null,
    raw: { ...rest, ...(status ? { status } : {}) },
    ...(result.logId ? { logId: result.logId } : {}),
    checkedAt: new Date(deps.clock.now()).toISOString(),
  };
}

/** The results of a task: undocumented by TikTok, so always `ComplianceResultsUndocumentedError`. */
export function complianceResults(taskId: string): never {
  throw new ComplianceResultsUndocumentedError(taskId);
}
