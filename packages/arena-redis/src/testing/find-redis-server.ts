import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/**
 * The `redis-server` binary to start in tests: `REDIS_SERVER_BIN` when set, else the first
 * executable `redis-server` on PATH; undefined when there is none.
 */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.REDIS_SERVER_BIN;
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, "redis-server");
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What a test suite that needs Redis should do on this machine. */
export const REDIS_SERVER_MISSING =
  "redis-server was not found (neither REDIS_SERVER_BIN nor PATH): install it (Debian: apt-get install -y redis-server) " +
  "or point REDIS_SERVER_BIN at the binary.";

/**
 * Why Redis-backed tests must be skipped here, or undefined when they can run. On CI
 * (`CI=true`) a missing redis-server is an error, never a silent skip: this throws.
 *
 * ```ts
 * const skip = redisSkipReason();
 * describe.skipIf(skip)(`my Redis tests${skip ? ` (skipped: ${skip})` : ""}`, () => { ... });
 * ```
 */
export function redisSkipReason(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (findRedisServer(env)) return undefined;
  if (env.CI === "true")
    throw new Error(`${REDIS_SERVER_MISSING} CI=true, so the Redis tests cannot be skipped.`);
  return REDIS_SERVER_MISSING;
}
