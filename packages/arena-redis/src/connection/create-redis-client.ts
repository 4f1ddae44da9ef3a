import { ConfigError } from "@observatory/arena-core";
import { Redis, type RedisOptions } from "ioredis";
import { type RedisConnectionOptions, redisConnectionOptionsSchema } from "./connection-options.js";

/**
 * The ioredis options the adapters rely on when Redis is down or restarting:
 * - commands wait in the offline queue while (re)connecting, but only for one reconnection attempt
 *   (`maxRetriesPerRequest: 1`) and at most `commandTimeoutMs`, so nothing hangs;
 * - commands whose reply was lost when the connection dropped are NOT resent by ioredis
 *   (`autoResendUnfulfilledCommands: false`): the adapters retry themselves, idempotently;
 * - reconnection never gives up (a capped backoff of at most 1 s).
 */
export function resilientRedisOptions(options: RedisConnectionOptions = {}): RedisOptions {
  const { commandTimeoutMs } = redisConnectionOptionsSchema.parse(options);
  return {
    lazyConnect: false,
    enableOfflineQueue: true,
    enableReadyCheck: true,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(commandTimeoutMs, 1_000),
    retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times - 1, 5), 1_000),
  };
}

/** A connected ioredis client for `url` (`redis://`, `rediss://`) with `resilientRedisOptions`. */
export function createRedisClient(
  url: string,
  options: RedisConnectionOptions & { name?: string } = {},
): Redis {
  if (!/^rediss?:\/\//.test(url)) {
    throw new ConfigError(
      "The Redis URL must start with redis:// or rediss:// (e.g. redis://127.0.0.1:6379).",
      {
        field: "redisUrl",
      },
    );
  }
  const client = new Redis(url, {
    ...resilientRedisOptions(options),
    ...(options.name ? { connectionName: options.name } : {}),
  });
  return client;
}

/** "host:port" of a client, for messages: never the password. */
export function describeRedis(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? String(path) : `${host ?? "localhost"}:${port ?? 6379}`;
}
