import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parseEnv } from "node:util";
import { UsageError } from "../usage-error.js";

/**
 * The environment the command sees: the process's variables over those of a `.env` file (`--env-file`,
 * or `./.env` when it exists). Parsed with Node's own dotenv parser; process.env is not modified.
 */
export function loadEnv(
  processEnv: Readonly<Record<string, string | undefined>>,
  cwd: string,
  envFile: string | undefined,
): Record<string, string | undefined> {
  const path = envFile ? (isAbsolute(envFile) ? envFile : join(cwd, envFile)) : join(cwd, ".env");
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && !envFile) return { ...processEnv };
    throw new UsageError(`--env-file: cannot read ${envFile}: ${(error as Error).message}`, "--env-file");
  }
  const fromFile = parseEnv(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(processEnv)) if (value !== undefined) merged[key] = value;
  return merged;
}
