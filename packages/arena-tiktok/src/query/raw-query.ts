import { ConfigError } from "@observatory/arena-core";
import { z } from "zod";
import { parseApiJson } from "../http/lossless-json.js";
import { FIELD_NAMES, type FieldName, OPERATIONS, VIDEO_LENGTHS, type VideoQuery } from "./conditions.js";

const MAX_INT64 = 9_223_372_036_854_775_807n;

/** What each field's values must look like (the Research API's query contract, A4). */
const VALUE_RULES: Partial<Record<FieldName, { test: (v: string) => boolean; expect: string }>> = {
  create_date: { test: (v) => /^\d{8}$/.test(v), expect: "a date YYYYMMDD (UTC), e.g. 20260901" },
  region_code: { test: (v) => /^[A-Za-z]{2}$/.test(v), expect: "a two-letter region code, e.g. DK" },
  video_id: { test: isInt64, expect: "a video ID (digits, at most 9223372036854775807)" },
  music_id: { test: isInt64, expect: "a music ID (digits, at most 9223372036854775807)" },
  effect_id: { test: isInt64, expect: "an effect ID (digits, at most 9223372036854775807)" },
  video_length: {
    test: (v) => (VIDEO_LENGTHS as readonly string[]).includes(v),
    expect: `one of ${VIDEO_LENGTHS.join(", ")}`,
  },
  hashtag_name: {
    test: (v) => v.length > 0 && !v.startsWith("#"),
    expect: "a hashtag without #, e.g. dkpol",
  },
  username: { test: (v) => v.length > 0 && !v.startsWith("@"), expect: "a username without @" },
  keyword: { test: (v) => v.trim().length > 0, expect: "a non-empty keyword" },
};

function isInt64(value: string): boolean {
  return /^\d{1,19}$/.test(value) && BigInt(value) > 0n && BigInt(value) <= MAX_INT64;
}

/** A value as text: strings as they are, safe integers as digits (big ones arrive as strings already). */
const valueSchema = z.union([z.string(), z.number().int().safe().transform(String)], {
  error: "each field value is a string (or a whole number)",
});

export const conditionSchema = z
  .strictObject({
    field_name: z.enum(FIELD_NAMES, { error: `field_name must be one of ${FIELD_NAMES.join(", ")}` }),
    operation: z.enum(OPERATIONS, { error: `operation must be one of ${OPERATIONS.join(", ")}` }),
    field_values: z.array(valueSchema).min(1, "field_values needs at least one value"),
  })
  .superRefine((c, ctx) => {
    if (c.operation !== "IN" && c.field_values.length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["field_values"],
        message: `${c.operation} takes exactly one value; use IN for several`,
      });
    }
    const rule = VALUE_RULES[c.field_name];
    c.field_values.forEach((value, i) => {
      if (rule && !rule.test(value)) {
        ctx.addIssue({
          code: "custom",
          path: ["field_values", i],
          message: `${JSON.stringify(value)} is not valid for ${c.field_name}: use ${rule.expect}`,
        });
      }
    });
  });

/** The Research API's own video query object: `and`, `or`, `not`, lists of conditions. */
export const videoQuerySchema = z
  .strictObject(
    {
      and: z.array(conditionSchema).optional(),
      or: z.array(conditionSchema).optional(),
      not: z.array(conditionSchema).optional(),
    },
    { error: "the query is an object with and, or and not (lists of conditions)" },
  )
  .refine((q) => Boolean(q.and?.length || q.or?.length || q.not?.length), {
    message: "the query needs at least one condition in and, or or not",
  });

/** `query.and[1].operation` from a zod path. */
export function queryPath(path: readonly PropertyKey[], root = "query"): string {
  let out = root;
  for (const part of path) out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  return out;
}

/**
 * A video query from JSON text (a `--query-file`): parsed losslessly (IDs of 16+ digits stay exact)
 * and validated. A bad query throws a `ConfigError` whose `field` is the JSON path of the first
 * problem, e.g. `query.and[1].operation`, and whose message says what is allowed there.
 */
export function parseVideoQueryJson(text: string, root = "query"): VideoQuery {
  let json: unknown;
  try {
    json = parseApiJson(text);
  } catch (error) {
    throw new ConfigError(`${root}: not JSON (${(error as Error).message})`, { field: root });
  }
  return parseVideoQuery(json, root);
}

/** Validates a video query object (see `parseVideoQueryJson`). */
export function parseVideoQuery(value: unknown, root = "query"): VideoQuery {
  const result = videoQuerySchema.safeParse(value);
  if (result.success) return result.data as VideoQuery;
  const issue = result.error.issues[0]!;
  const field = queryPath(issue.path, root);
  throw new ConfigError(`${field}: ${issue.message}`, { field });
}
