import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { deriveRunId, planQueryRequests } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import type { ConditionFlags } from "../program/condition-flags.js";
import type { CollectFlags } from "../program/flags.js";
import type { MachineFlags } from "../program/machine-options.js";
import { queryCollectionFromFlags } from "../query/video-query-from-flags.js";
import { runCollection } from "./run-collection.js";

/**
 * `observatory tiktok collect` with condition flags (--music-id, --effect-id, --video-length,
 * --username, --not-username, --all-hashtags) or --query-file: the Research API query as built, one
 * partition per terms partition (or one), through `collectByQuery`.
 */
export async function collectQueryAction(
  ctx: ActionContext,
  flags: CollectFlags & ConditionFlags & MachineFlags,
): Promise<number> {
  const input = await queryCollectionFromFlags(ctx.io.cwd, flags);
  const isRandom = flags.random === true;
  const identity = { queries: input.queries, since: input.since, until: input.until, max: flags.max ?? null };
  return runCollection<ContentRecord>(ctx, {
    flags,
    command: "tiktok collect",
    deriveRunId: (target) =>
      deriveRunId("query", { ...identity, languages: flags.language ?? null, isRandom, ...target }),
    columns: CONTENT_RECORD_FIELDS,
    idOf: (record) => record.platform_id,
    hasLanguage: true,
    unit: "windows",
    plan: () =>
      planQueryRequests(input, {
        ...(flags.windowDays ? { windowDays: flags.windowDays } : {}),
        isRandom,
      }).map(toLine),
    stream: (collector, options) => collector.collectByQuery(input, { ...options, isRandom }),
  });
}

/** The library's planned request as the dry run prints it. */
export const toLine = (p: { endpoint: string; fields?: string; partition: string; body: string }) => ({
  endpoint: p.endpoint,
  ...(p.fields ? { fields: p.fields } : {}),
  partition: p.partition,
  bodyJson: p.body,
});
