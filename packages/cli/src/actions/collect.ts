import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { deriveRunId, planActorsRequests, planTermsRequests } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import type { ActorsCollectFlags, CollectFlags } from "../program/flags.js";
import { actorsQueryFromFlags, termsQueryFromFlags } from "../query/query-from-flags.js";
import { wantsRawQuery } from "../query/video-query-from-flags.js";
import { collectQueryAction, toLine } from "./collect-query.js";
import { runCollection } from "./run-collection.js";

const idOf = (record: ContentRecord) => record.platform_id;

/** `observatory tiktok collect`: videos matching terms. */
export async function collectAction(ctx: ActionContext, flags: CollectFlags): Promise<number> {
  if (wantsRawQuery(flags)) return collectQueryAction(ctx, flags);
  const { input, query } = termsQueryFromFlags(flags);
  const isRandom = flags.random === true;
  return runCollection<ContentRecord>(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId("terms", { query, isRandom, ...target }),
    columns: CONTENT_RECORD_FIELDS,
    idOf,
    hasLanguage: true,
    unit: "windows",
    plan: () => planTermsRequests(input, { ...windowOf(flags), isRandom }).map(toLine),
    stream: (collector, options) => collector.collectByTerms(input, { ...options, isRandom }),
  });
}

/** `observatory tiktok actors`: the videos of accounts. */
export async function actorsAction(ctx: ActionContext, flags: ActorsCollectFlags): Promise<number> {
  const { input, query } = actorsQueryFromFlags(flags);
  const isRandom = flags.random === true;
  return runCollection<ContentRecord>(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId("actors", { query, isRandom, ...target }),
    columns: CONTENT_RECORD_FIELDS,
    idOf,
    hasLanguage: true,
    unit: "windows",
    plan: () => planActorsRequests(input, { ...windowOf(flags), isRandom }).map(toLine),
    stream: (collector, options) => collector.collectByActors(input, { ...options, isRandom }),
  });
}

const windowOf = (flags: { windowDays?: number }) =>
  flags.windowDays ? { windowDays: flags.windowDays } : {};
