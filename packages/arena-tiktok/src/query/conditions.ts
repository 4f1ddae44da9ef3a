/**
 * The Research API's video query object, typed. Every field name and operation of the contract.
 *
 *     const q = and(eq("region_code", "DK"), inValues("hashtag_name", ["dkpol", "klima"]));
 *     const r = query({ and: [...], or: [...], not: [...] });
 */
export const FIELD_NAMES = [
  "create_date",
  "username",
  "region_code",
  "video_id",
  "hashtag_name",
  "keyword",
  "music_id",
  "effect_id",
  "video_length",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const OPERATIONS = ["EQ", "IN", "GT", "GTE", "LT", "LTE"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const VIDEO_LENGTHS = ["SHORT", "MID", "LONG", "EXTRA_LONG"] as const;
export type VideoLength = (typeof VIDEO_LENGTHS)[number];

export interface Condition {
  field_name: FieldName;
  operation: Operation;
  field_values: string[];
}

export interface VideoQuery {
  and?: Condition[];
  or?: Condition[];
  not?: Condition[];
}

export function condition(field: FieldName, operation: Operation, values: readonly string[]): Condition {
  if (values.length === 0) throw new RangeError(`condition on ${field} needs at least one value`);
  if (operation !== "IN" && values.length !== 1) {
    throw new RangeError(`${operation} on ${field} takes exactly one value; use IN for several`);
  }
  return { field_name: field, operation, field_values: [...values] };
}

export const eq = (field: FieldName, value: string) => condition(field, "EQ", [value]);
export const inValues = (field: FieldName, values: readonly string[]) =>
  values.length === 1 ? condition(field, "EQ", values) : condition(field, "IN", values);
export const gt = (field: FieldName, value: string) => condition(field, "GT", [value]);
export const gte = (field: FieldName, value: string) => condition(field, "GTE", [value]);
export const lt = (field: FieldName, value: string) => condition(field, "LT", [value]);
export const lte = (field: FieldName, value: string) => condition(field, "LTE", [value]);

/** Builds a query, dropping empty clauses; at least one clause must be non-empty. */
export function videoQuery(parts: VideoQuery): VideoQuery {
  const out: VideoQuery = {};
  if (parts.and?.length) out.and = parts.and;
  if (parts.or?.length) out.or = parts.or;
  if (parts.not?.length) out.not = parts.not;
  if (!out.and && !out.or && !out.not) throw new RangeError("a video query needs at least one condition");
  return out;
}
