import {
  type ContentRecord,
  dateInputSchema,
  deriveRunId,
  fingerprint,
  parseInput,
  type RunResult,
} from "@observatory/arena-core";
import { z } from "zod";
import type { TikTokCollectOptions } from "../collector.js";
import { recordQueryShare } from "../cost/query-history.js";
import type { TikTokDeps } from "../deps.js";
import type { VideoQuery } from "../query/conditions.js";
import { videoQuerySchema } from "../query/raw-query.js";
import { matchedTerms } from "../query/terms-query.js";
import { runVideoCollection } from "./video-run.js";

const languageCode = z.string().regex(/^[a-z]{2,3}$/, "a language is an ISO 639-1 code, e.g. da");

/**
 * `collectByQuery`'s input: Research API query objects as they are (one partition each), over a date
 * range. For queries the terms model cannot say: `music_id`, `effect_id`, `video_length`, usernames
 * and NOT usernames, all-of hashtags, a query from a file.
 */
export const queryCollectionSchema = z
  .strictObject({
    /** One partition per query; the label names its checkpoints (unique). */
    queries: z
      .array(z.strictObject({ label: z.string().min(1).max(200), query: videoQuerySchema }))
      .min(1, "give at least one query"),
    since: dateInputSchema,
    until: dateInputSchema,
    maxResults: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    languages: z.array(languageCode).optional(),
    /**
     * The terms a record's `search_terms_matched` is checked against ("#tag" or keyword). Default: the
     * keyword and hashtag values of the queries' `and` and `or` conditions.
     */
    terms: z.array(z.string().min(1)).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.since.getTime() >= q.until.getTime()) {
      ctx.addIssue({
        code: "custom",
        path: ["since"],
        message: "since must be before until (until is exclusive)",
      });
    }
    const labels = new Set<string>();
    q.queries.forEach((part, i) => {
      if (labels.has(part.label)) {
        ctx.addIssue({
          code: "custom",
          path: ["queries", i, "label"],
          message: `label ${part.label} is used twice`,
        });
      }
      labels.add(part.label);
    });
  });
export type QueryCollectionInput = z.input<typeof queryCollectionSchema>;
export type QueryCollection = z.output<typeof queryCollectionSchema>;

/** The keyword and hashtag values a query asks for (what `search_terms_matched` reports). */
export function termsOfQueries(queries: readonly { query: VideoQuery }[]): string[] {
  const terms = new Set<string>();
  for (const { query } of queries) {
    for (const c of [...(query.and ?? []), ...(query.or ?? [])]) {
      if (c.field_name === "keyword") for (const v of c.field_values) terms.add(v);
      if (c.field_name === "hashtag_name") for (const v of c.field_values) terms.add(`#${v}`);
    }
  }
  return [...terms];
}

/** A collection of raw video queries on the same engine path as collectByTerms (windows, pages, checkpoints). */
export function queryVideoRun(
  deps: TikTokDeps,
  input: QueryCollectionInput,
  options: TikTokCollectOptions,
): AsyncGenerator<ContentRecord, RunResult> {
  const q = parseInput(queryCollectionSchema, input, "query collection");
  const parts = q.queries.map((p) => ({ label: p.label, query: p.query as VideoQuery }));
  const isRandom = options.isRandom ?? false;
  const terms = q.terms ?? termsOfQueries(parts);
  const identity = {
    queries: parts,
    since: q.since,
    until: q.until,
    maxResults: q.maxResults ?? null,
    languages: q.languages ?? null,
    isRandom,
  };
  const runId = options.runId ?? deriveRunId("tiktok", "query", identity);
  return runVideoCollection(deps, {
    kind: "query",
    runId,
    fingerprint: fingerprint(identity),
    parts,
    since: q.since,
    until: q.until,
    ...(q.maxResults === undefined ? {} : { maxResults: q.maxResults }),
    ...(q.languages?.length ? { languages: q.languages } : {}),
    isRandom,
    options,
    recordShare: (share, completed) =>
      recordQueryShare(
        deps,
        {
          runId,
          queries: parts,
          since: q.since,
          until: q.until,
          capped: q.maxResults !== undefined || isRandom,
        },
        share,
        completed,
      ),
    context: async () => ({
      tier: "free",
      pseudonymize: deps.pseudonymize,
      keepAuthorHandles: deps.keepAuthorHandles,
      languageDetector: await deps.languageDetector(),
      matchTerms: (v) => matchedTerms(terms, v),
    }),
  });
}
