import { parseInput } from "@observatory/arena-core";
import { z } from "zod";

const username = z
  .string()
  .transform((s) => s.trim().replace(/^@/, "").toLowerCase())
  .pipe(
    z
      .string()
      .min(1, "empty username: give a name such as 'drnyheder' or '@drnyheder'")
      .regex(/^[a-z0-9._]{1,50}$/, "a username holds only letters, digits, '.' and '_'"),
  );

const int64Id = z
  .union([z.string(), z.bigint()])
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^\d{1,20}$/, "an ID is a decimal integer string (keep 64-bit IDs as strings)"));

/** Validates `value` under the name `field`, so a ConfigError names e.g. "usernames.1". */
function parseNamed<S extends z.ZodType>(schema: S, field: string, value: unknown): z.output<S> {
  const wrapped = parseInput(z.object({ [field]: schema }), { [field]: value }, field);
  return wrapped[field] as z.output<S>;
}

/** "@Name", "name" → "name"; de-duplicated, order kept. A bad name is a ConfigError naming it. */
export function parseUsernames(input: string | readonly string[], field = "usernames"): string[] {
  const list = typeof input === "string" ? [input] : input;
  return [...new Set(parseNamed(z.array(username).min(1, "give at least one username"), field, list))];
}

/** Video or playlist IDs as exact decimal strings; de-duplicated, order kept. */
export function parseIds(input: string | readonly (string | bigint)[], field: string): string[] {
  const list = typeof input === "string" ? [input] : input;
  return [...new Set(parseNamed(z.array(int64Id).min(1, "give at least one ID"), field, list))];
}

/** A positive whole number option (maxResults, maxPerVideo), or undefined. */
export function parseLimit(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const schema = z.number().int(`${field} must be a whole number`).positive(`${field} must be > 0`);
  return parseNamed(schema, field, value);
}
