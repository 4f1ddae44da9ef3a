import { z } from "zod";
import { idSchema } from "./ids.js";

/**
 * Batch compliance (docs `batch-compliance-apis`, changelog 2025-05-16; scope `research.data.basic`).
 * Create: form-data `file_data` (a text file of video or comment IDs, at most 10,000) and `category`
 * (`video` | `comment`) → `data.task_id` (int64). Status: JSON `{ task_id }`. The docs show no status
 * object and say nothing about how a task's results are delivered.
 */
export const VALIDATION_TASK_CREATE_ENDPOINT = "validation_task/create/";
export const VALIDATION_TASK_STATUS_ENDPOINT = "validation_task_status/get/";

export const COMPLIANCE_MAX_IDS = 10_000;
export const COMPLIANCE_CATEGORIES = ["video", "comment"] as const;
export type ComplianceCategory = (typeof COMPLIANCE_CATEGORIES)[number];

export const validationTaskCreatedSchema = z.object({ task_id: idSchema }).loose();

/** The status answer is undocumented: any object is accepted and kept whole; a `status` string is read if present. */
export const validationTaskStatusSchema = z
  .object({ status: z.string().nullish(), task_id: idSchema.nullish() })
  .loose();
