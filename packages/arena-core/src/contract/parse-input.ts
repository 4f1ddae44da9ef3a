import type { z } from "zod";
import { ConfigError } from "../errors/arena-error.js";

/**
 * Validates input at a boundary. A failure becomes a `ConfigError` that names the field (as a dotted
 * path, e.g. `terms.0` or `since`) and zod's explanation of the fix, prefixed with what was validated.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String);
    // An unknown option (a typo such as "teir") is reported at the object: name the key itself.
    if (issue.code === "unrecognized_keys") {
      return {
        field: [...path, issue.keys[0] ?? ""].filter(Boolean).join("."),
        message: `unknown option(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; check the spelling`,
      };
    }
    return { field: path.length ? path.join(".") : "(root)", message: issue.message };
  });
  const text = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  throw new ConfigError(`Invalid ${what}: ${text}`, { field: issues[0]?.field, details: { issues } });
}
