import { ConfigError, realSleep, type Sleep, TransientError } from "@observatory/arena-core";
import type { Redis } from "ioredis";
import { type RedisConnectionOptions, redisConnectionOptionsSchema } from "./connection-options.js";
import { describeRedis } from "./create-redis-client.js";
import type { LuaScript } from "./lua-script.js";

/** Redis error replies that mean "not now" (the server is loading, busy, read-only, failing over). */
const TRANSIENT_REPLY = /^(LOADING|BUSY|READONLY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|OOM|NOREPLICAS)\b/;

export interface RedisGatewayOptions extends RedisConnectionOptions {
  sleep?: Sleep;
}

/**
 * Runs the adapters' commands and Lua scripts with one failure policy: an unreachable, restarting or
 * busy Redis is retried for up to `unavailableAfterMs` and then reported as a `TransientError` (code
 * `redis_unavailable`), never a hang; a refused command (wrong type, no permission, a bug) is a
 * `ConfigError` at once. Every operation passed here must be idempotent: a retry can follow an attempt
 * whose reply was lost.
 */
export class RedisGateway {
  readonly client: Redis;
  readonly target: string;
  readonly #unavailableAfterMs: number;
  readonly #sleep: Sleep;

  constructor(client: Redis, options: RedisGatewayOptions = {}) {
    const resolved = redisConnectionOptionsSchema.parse(options);
    this.client = client;
    this.target = describeRedis(client);
    this.#unavailableAfterMs = resolved.unavailableAfterMs;
    this.#sleep = options.sleep ?? realSleep;
  }

  /** `what` names the operation in errors, e.g. "reserve quota". */
  async run<T>(what: string, operation: (client: Redis) => Promise<T>): Promise<T> {
    const started = Date.now();
    let delay = 50;
    for (;;) {
      try {
        return await operation(this.client);
      } catch (error) {
        if (isRefusal(error)) {
          throw new ConfigError(`Redis at ${this.target} refused to ${what}: ${errorMessage(error)}`, {
            cause: error,
            code: "redis_refused",
          });
        }
        const left = this.#unavailableAfterMs - (Date.now() - started);
        if (left <= 0) {
          throw new TransientError(
            `Redis at ${this.target} is unreachable, so the adapter could not ${what} ` +
              `(gave up after ${this.#unavailableAfterMs} ms: ${errorMessage(error)}). ` +
              // Requests may well have been sent before Redis died: say only what this step did not do.
              "The step that needed Redis did not happen; resume when Redis is back (from the last checkpoint).",
            { cause: error, code: "redis_unavailable", details: { redis: this.target, operation: what } },
          );
        }
        await this.#sleep(Math.min(delay, left));
        delay = Math.min(delay * 2, 500);
      }
    }
  }

  eval(
    what: string,
    script: LuaScript,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    return this.run(what, (client) => script.run(client, keys, args));
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A reply error from the server that retrying will not fix. */
function isRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError" && !TRANSIENT_REPLY.test(error.message);
}
