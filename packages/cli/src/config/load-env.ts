import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { resolvePath } from "../resolve-path.js";
import { UsageError } from "../usage-error.js";

/**
 * The environment the command sees: the process's variables over those of a `.env` file (`--dotenv`,
 * or `./.env` when it exists). Parsed with Node's own dotenv parser; process.env is not modified.
 */
export function loadEnv(
  processEnv: Readonly<Record<string, string | undefined>>,
  cwd: string,
  dotenv: string | undefined,
): Record<string, string | undefined> {
  const path = resolvePath(cwd, dotenv || ".env");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !dotenv) return { ...processEnv };
    throw new UsageError(`--dotenv: cannot read ${dotenv}: ${(error as Error).message}`, "--dotenv");
  }
  const fromFile = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined) merged[key] = value;
  return merged;
}
