import { deriveRunId, planListRequests, type RelationRecord } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import type { RelationsFlags } from "../program/flags.js";
import { toLine } from "./collect-query.js";
import { runCollection } from "./run-collection.js";
import { parseUsernames } from "./usernames.js";

export const RELATION_COLUMNS = [
  "platform",
  "relation",
  "username",
  "username_pseudonymized",
  "display_name",
  "of",
  "of_pseudonymized",
  "collected_at",
] as const;

/** `observatory tiktok followers|following NAME…` (the separate followers quota pool). */
export async function relationsAction(
  ctx: ActionContext,
  flags: RelationsFlags,
  args: string[],
  direction: "followers" | "following",
): Promise<number> {
  const usernames = parseUsernames(args);
  return runCollection<RelationRecord>(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId(direction, { usernames, max: flags.max ?? null, ...target }),
    columns: RELATION_COLUMNS,
    // The same id the collector reports per page (beforeCheckpoint), so a replayed page is recognised.
    idOf: (record) => record.username,
    hasLanguage: false,
    unit: "targets",
    plan: () =>
      planListRequests(direction, usernames, flags.max === undefined ? {} : { limit: flags.max }).map(toLine),
    stream: (collector, options) =>
      collector[direction](usernames, {
        ...options,
        ...(flags.max === undefined ? {} : { maxResults: flags.max }),
      }),
  });
}
