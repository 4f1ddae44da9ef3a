import { resolvePath } from "../resolve-path.js";
import { UsageError } from "../usage-error.js";
import { type Env, envSchema } from "./env-schema.js";

/** Where the data come from: the Research API (real credentials) or the built-in emulator. */
export type SourceMode = "api" | "demo";

export interface CliConfig {
  mode: SourceMode;
  /** Set in "api" mode; "demo" mode uses the emulator's demo client. */
  credentials?: { clientKey: string; clientSecret: string };
  baseUrl?: string;
  pseudonymSalt: string;
  redisUrl?: string;
  stateDir: string;
  dailyRequests?: number;
  /** Values to mask wherever they might be printed. */
  secrets: string[];
}

/** Used only with the built-in emulator (synthetic data); real credentials require a salt of your own. */
export const DEMO_PSEUDONYM_SALT = "observatory-demo-salt-synthetic-data-only";

/** Validates the environment into the command's configuration; a problem is one line naming the variable. */
export function resolveConfig(
  rawEnv: Readonly<Record<string, string | undefined>>,
  options: { cwd: string; stateDir?: string | undefined },
): CliConfig {
  const parsed = envSchema.safeParse(rawEnv);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new UsageError(`${variable} ${issue.message}`, variable);
  }
  const env: Env = parsed.data;
  const stateDirInput = options.stateDir ?? env.OBSERVATORY_STATE_DIR ?? ".observatory";
  const stateDir = resolvePath(options.cwd, stateDirInput);
  const key = env.TIKTOK_CLIENT_KEY;
  const secret = env.TIKTOK_CLIENT_SECRET;
  const common = {
    stateDir,
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.TIKTOK_DAILY_REQUESTS ? { dailyRequests: env.TIKTOK_DAILY_REQUESTS } : {}),
  };

  if (!key && !secret) {
    if (env.TIKTOK_API_BASE_URL) {
      throw new UsageError(
        "TIKTOK_CLIENT_KEY is not set: TIKTOK_API_BASE_URL is, so also set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET (or unset TIKTOK_API_BASE_URL to use the built-in emulator).",
        "TIKTOK_CLIENT_KEY",
      );
    }
    const salt = env.OBSERVATORY_PSEUDONYM_SALT ?? DEMO_PSEUDONYM_SALT;
    return { mode: "demo", pseudonymSalt: salt, secrets: secretsOf(env), ...common };
  }
  if (!key) {
    throw new UsageError(
      "TIKTOK_CLIENT_KEY is not set: TIKTOK_CLIENT_SECRET is, so set both (from your Research API project) or neither (built-in emulator).",
      "TIKTOK_CLIENT_KEY",
    );
  }
  if (!secret) {
    throw new UsageError(
      "TIKTOK_CLIENT_SECRET is not set: TIKTOK_CLIENT_KEY is, so set both (from your Research API project) or neither (built-in emulator).",
      "TIKTOK_CLIENT_SECRET",
    );
  }
  if (!env.OBSERVATORY_PSEUDONYM_SALT) {
    throw new UsageError(
      "OBSERVATORY_PSEUDONYM_SALT is not set: with real credentials authors are pseudonymised with your own secret salt; set it to at least 16 random characters, e.g. `openssl rand -hex 32`, and keep it for the whole study.",
      "OBSERVATORY_PSEUDONYM_SALT",
    );
  }
  return {
    mode: "api",
    credentials: { clientKey: key, clientSecret: secret },
    ...(env.TIKTOK_API_BASE_URL ? { baseUrl: env.TIKTOK_API_BASE_URL } : {}),
    pseudonymSalt: env.OBSERVATORY_PSEUDONYM_SALT,
    secrets: secretsOf(env),
    ...common,
  };
}

function secretsOf(env: Env): string[] {
  const values = [env.TIKTOK_CLIENT_SECRET, env.OBSERVATORY_PSEUDONYM_SALT];
  if (env.REDIS_URL) {
    const password = /^rediss?:\/\/[^:@/]*:([^@/]+)@/.exec(env.REDIS_URL)?.[1];
    if (password) values.push(password, decodeURIComponent(password));
  }
  return values.filter((v): v is string => typeof v === "string" && v.length > 0);
}
