import { z } from "zod";

/** How the adapters talk to Redis when it is slow, down or restarting. */
export const redisConnectionOptionsSchema = z.object({
  /**
   * How long one operation (reserve, get token, put checkpoint, …) may keep trying while Redis is
   * unreachable before it fails with a `TransientError` (code `redis_unavailable`). Default 3,000 ms.
   */
  unavailableAfterMs: z.number().int().positive().default(3_000),
  /** Bound on one Redis command (ioredis `commandTimeout`). Default 1,000 ms. */
  commandTimeoutMs: z.number().int().positive().default(1_000),
});

export type RedisConnectionOptions = z.input<typeof redisConnectionOptionsSchema>;
export type ResolvedConnectionOptions = z.output<typeof redisConnectionOptionsSchema>;
