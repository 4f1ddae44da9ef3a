import {
  type Clock,
  type Logger,
  type QuotaLimits,
  type RateLimiter,
  systemClock,
  unlimitedRateLimiter,
} from "@observatory/arena-core";
import type { Redis } from "ioredis";
import { RedisCheckpointStore } from "./checkpoint/redis-checkpoint-store.js";
import {
  type RedisConnectionOptions,
  redisConnectionOptionsSchema,
} from "./connection/connection-options.js";
import { createRedisClient } from "./connection/create-redis-client.js";
import { RedisGateway } from "./connection/redis-gateway.js";
import { type RedisPacingOptions, RedisRateLimiter } from "./limiter/redis-rate-limiter.js";
import { type CountersLostPolicy, RedisQuotaLedger } from "./quota/redis-quota-ledger.js";
import { RedisTokenCache, type RedisTokenCacheOptions } from "./token/redis-token-cache.js";

export interface RedisPortsOptions extends RedisConnectionOptions {
  /** Prefix of every key (verbatim, include a separator). Default `observatory:`. */
  prefix?: string;
  /** The clock for quota days and token expiry. Default the system clock. */
  clock?: Clock;
  /** Quota limits per pool; default arena-core's `DEFAULT_QUOTA_POOLS`. */
  pools?: Record<string, QuotaLimits>;
  /** Shared pacing (a Bottleneck cluster). Omitted: no pacing (`unlimitedRateLimiter`), the quota ledger still counts. */
  pacing?: RedisPacingOptions;
  /** See `RedisQuotaLedgerOptions.onCountersLost`. Default `"pause"`. */
  onCountersLost?: CountersLostPolicy;
  /** Token refresh lock and polling, see `RedisTokenCacheOptions`. */
  token?: Pick<RedisTokenCacheOptions, "lockTtlMs" | "pollIntervalMs" | "waitTimeoutMs" | "failureTtlMs">;
  /** Expire a run's checkpoints this long after its last write. Default never. */
  checkpointTtlMs?: number;
  /** Told when Redis becomes unreachable and when it is back (messages carry no password). */
  logger?: Logger;
}

/**
 * The four ports (enumerable: spread them into a collector's options) plus `redis` and `close`
 * (not enumerable, so a spread leaves them out).
 */
export interface RedisPorts {
  tokenCache: RedisTokenCache;
  quota: RedisQuotaLedger;
  checkpoints: RedisCheckpointStore;
  limiter: RateLimiter;
  /** The command connection the adapters share. */
  readonly redis: Redis;
  /** Closes the limiter's connections and, when the ports created it from a URL, the shared connection. Idempotent. */
  readonly close: () => Promise<void>;
}

/**
 * The host's Redis adapters for one shared platform application, ready to inject:
 * `createTikTokCollector({ credentials, pseudonymSalt, ...ports })`.
 * `redis` is a URL (the ports own and close the connection) or an ioredis client (the host owns it;
 * for bounded failures create it with `resilientRedisOptions()`).
 */
export function createRedisPorts(redis: string | Redis, options: RedisPortsOptions = {}): RedisPorts {
  const connection = redisConnectionOptionsSchema.parse(options);
  const owned = typeof redis === "string";
  const client =
    typeof redis === "string" ? createRedisClient(redis, { ...connection, name: "arena-redis" }) : redis;
  const gateway = new RedisGateway(client, connection);
  watchConnection(client, gateway.target, options.logger);
  const clock = options.clock ?? systemClock;
  const prefix = options.prefix;

  const limiter: RateLimiter = options.pacing
    ? new RedisRateLimiter(redis, {
        ...connection,
        ...options.pacing,
        ...(prefix === undefined ? {} : { prefix }),
      })
    : unlimitedRateLimiter;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await limiter.close();
      if (owned) await quitWithin(client, 2_000);
    })();
    return closing;
  };
  const ports = {
    tokenCache: new RedisTokenCache(gateway, { prefix, clock, ...options.token }),
    quota: new RedisQuotaLedger(gateway, {
      prefix,
      clock,
      pools: options.pools,
      onCountersLost: options.onCountersLost,
    }),
    checkpoints: new RedisCheckpointStore(gateway, { prefix, ttlMs: options.checkpointTtlMs }),
    limiter,
  };
  // `redis` and `close` are not enumerable, so `{ ...ports }` carries exactly the four ports into a
  // collector's options (which reject unknown keys).
  Object.defineProperties(ports, {
    redis: { value: client, enumerable: false },
    close: { value: close, enumerable: false },
  });
  return ports as RedisPorts;
}

async function quitWithin(client: Redis, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  const result = await Promise.race([client.quit().catch(() => "error" as const), timedOut]);
  clearTimeout(timer);
  if (result !== "OK") client.disconnect();
}

function watchConnection(client: Redis, target: string, logger: Logger | undefined): void {
  let down = false;
  // Without an "error" listener ioredis prints every failed reconnection to the console.
  client.on("error", (error: Error) => {
    if (down) return;
    down = true;
    logger?.warn("Redis is unreachable; reservations fail until it is back", {
      redis: target,
      error: error.message,
    });
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger?.info("Redis is reachable again", { redis: target });
  });
}
