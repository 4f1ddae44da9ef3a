import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import type { PlannedExtraInput } from "@observatory/arena-tiktok";
import { type CollectionSpec, runCollection } from "../actions/run-collection.js";
import type { ActionContext } from "../program/build-program.js";
import { commercePlan } from "./commerce-plan.js";

/**
 * A collection of the ad library or TikTok Shop: UCR content records, one partition per target, its
 * `--dry-run` from `plan`. What differs between the commands is their run identity, plan and stream.
 */
export function runCommerceCollection(
  ctx: ActionContext,
  spec: Pick<CollectionSpec<ContentRecord>, "flags" | "deriveRunId" | "stream"> & {
    plan: PlannedExtraInput;
    hasLanguage?: boolean;
  },
): Promise<number> {
  return runCollection<ContentRecord>(ctx, {
    flags: spec.flags,
    deriveRunId: spec.deriveRunId,
    columns: CONTENT_RECORD_FIELDS,
    idOf: (record) => record.platform_id,
    hasLanguage: spec.hasLanguage ?? false,
    unit: "targets",
    plan: commercePlan(spec.plan),
    stream: spec.stream,
  });
}
