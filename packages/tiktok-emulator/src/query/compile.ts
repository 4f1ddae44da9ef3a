import type { CorpusVideo } from "../corpus/types.js";
import { invalidParams } from "../http/api-error.js";
import type { JsonValue } from "../json/lossless.js";
import { FIELD_NAMES, FIELDS, type FieldName, type FieldSpec } from "./field-values.js";

export const OPERATIONS = ["EQ", "IN", "GT", "GTE", "LT", "LTE"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** A condition as the API takes it. */
export interface Condition {
  field_name: FieldName | string;
  operation: Operation | string;
  field_values: readonly (string | number | bigint)[];
}

/** The query object of `video/query/`: and/or/not lists of conditions. */
export interface VideoQuery {
  and?: readonly Condition[] | null;
  or?: readonly Condition[] | null;
  not?: readonly Condition[] | null;
}

export type VideoPredicate = (v: CorpusVideo) => boolean;

function isObject(x: unknown): x is Record<string, JsonValue> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function orderTest(op: Operation): (c: number) => boolean {
  switch (op) {
    case "GT":
      return (c) => c > 0;
    case "GTE":
      return (c) => c >= 0;
    case "LT":
      return (c) => c < 0;
    default:
      return (c) => c <= 0;
  }
}

function compileCondition(raw: JsonValue, maxValues: number): VideoPredicate {
  if (!isObject(raw)) throw invalidParams("Invalid query: every condition must be an object");
  const field = raw.field_name;
  const op = raw.operation;
  const rawValues = raw.field_values;
  if (typeof field !== "string" || !(FIELD_NAMES as readonly string[]).includes(field)) {
    throw invalidParams(`Invalid query: unknown field_name ${JSON.stringify(field ?? null)}`);
  }
  if (typeof op !== "string" || !(OPERATIONS as readonly string[]).includes(op)) {
    throw invalidParams(`Invalid query: unknown operation ${JSON.stringify(op ?? null)}`);
  }
  if (!Array.isArray(rawValues) || rawValues.length === 0) {
    throw invalidParams(`Invalid query: field_values of ${field} must be a non-empty list`);
  }
  if (rawValues.length > maxValues) {
    throw invalidParams(
      `Invalid query: field_values of ${field} has ${rawValues.length} values; at most ${maxValues}`,
    );
  }
  const spec: FieldSpec = FIELDS[field as FieldName];
  const values = rawValues.map((v) => spec.parse(v));
  const operation = op as Operation;
  let test: (attribute: string | number) => boolean;
  if (operation === "EQ" || operation === "IN") {
    const equals = spec.equals;
    if (equals) test = (a) => values.some((v) => equals(a, v));
    else {
      const set = new Set<string | number>(values);
      test = (a) => set.has(a);
    }
  } else {
    const holds = orderTest(operation);
    const compare = spec.compare;
    test = (a) => values.some((v) => holds(compare(a, v)));
  }
  const single = spec.value;
  if (single) return (v) => test(single(v));
  const many = spec.values as (v: CorpusVideo) => readonly (string | number)[];
  return (v) => many(v).some(test);
}

function compileList(raw: JsonValue | undefined, name: string, maxValues: number): VideoPredicate[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidParams(`Invalid query: "${name}" must be a list of conditions`);
  return raw.map((c) => compileCondition(c, maxValues));
}

/**
 * Validates a query object and compiles it to a predicate. Semantics: every `and` condition holds,
 * at least one `or` condition holds (when any are given), and no `not` condition holds. Within a
 * condition, EQ and IN match when the attribute equals any value (keyword: contains any value,
 * case-insensitive); GT/GTE/LT/LTE match when the comparison holds for any value.
 */
export function compileQuery(raw: JsonValue | undefined, maxValues: number): VideoPredicate {
  if (!isObject(raw)) throw invalidParams("Invalid query: query is required and must be an object");
  for (const key of Object.keys(raw)) {
    if (key !== "and" && key !== "or" && key !== "not")
      throw invalidParams(`Invalid query: unknown key "${key}"`);
  }
  const and = compileList(raw.and, "and", maxValues);
  const or = compileList(raw.or, "or", maxValues);
  const not = compileList(raw.not, "not", maxValues);
  if (and.length + or.length + not.length === 0) {
    throw invalidParams("Invalid query: at least one of and, or, not must hold a condition");
  }
  return (v) => {
    for (const p of and) if (!p(v)) return false;
    if (or.length > 0 && !or.some((p) => p(v))) return false;
    for (const p of not) if (p(v)) return false;
    return true;
  };
}
