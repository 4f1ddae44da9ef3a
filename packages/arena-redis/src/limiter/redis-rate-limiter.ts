import {
  type PacingOptions,
  pacingToBottleneck,
  type RateLimiter,
  TransientError,
} from "@observatory/arena-core";
import Bottleneck from "bottleneck";
import { Redis } from "ioredis";
import {
  type RedisConnectionOptions,
  redisConnectionOptionsSchema,
} from "../connection/connection-options.js";
import {
  createRedisClient,
  describeRedis,
  resilientRedisOptions,
} from "../connection/create-redis-client.js";
import { redisKeys } from "../keys.js";

export interface RedisPacingOptions extends PacingOptions {
  /**
   * The cluster id: every process with the same prefix and id shares one pace. Use one per credential
   * (application), e.g. the client key's name. Default `"default"`.
   */
  id?: string;
  /**
   * A job that runs longer than this is failed (`TransientError`, code `limiter_job_expired`) and its
   * slot given back; this also frees the slots of a process that crashed mid-request. Default 120,000 ms.
   */
  jobExpirationMs?: number;
  /** How often the limiter refreshes its cluster state (reservoir refills, expired jobs). Default 1,000 ms. */
  heartbeatIntervalMs?: number;
  /**
   * The first limiter of a cluster writes its settings to Redis and later ones reuse them. `true`
   * clears the cluster's state and applies this limiter's settings (e.g. after changing the pace).
   */
  clearDatastore?: boolean;
}

export interface RedisRateLimiterOptions extends RedisPacingOptions, RedisConnectionOptions {
  /** Key prefix, default `observatory:`. */
  prefix?: string;
}

/**
 * A `RateLimiter` whose pace is shared by every process through Bottleneck's Redis clustering
 * (`datastore: "ioredis"`): a reservoir of N requests per interval, `minTimeMs` between requests and
 * `maxConcurrent` hold across all workers together. It uses its own two Redis connections (commands
 * and pub/sub) and `close()` always disconnects them, so a process can exit.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly bottleneck: Bottleneck;
  readonly id: string;
  readonly #connection: Bottleneck.IORedisConnection;
  readonly #client: Redis;
  readonly #target: string;
  readonly #jobExpirationMs: number;
  readonly #unavailableAfterMs: number;
  #closed: Promise<void> | undefined;
  #isReady = false;

  /** `redis`: a URL, or a client whose connection options are reused (the limiter duplicates it, never closes it). */
  constructor(redis: string | Redis, options: RedisRateLimiterOptions = {}) {
    const connection = redisConnectionOptionsSchema.parse(options);
    this.#unavailableAfterMs = connection.unavailableAfterMs;
    this.#client =
      typeof redis === "string"
        ? createRedisClient(redis, { ...options, name: "arena-redis-limiter" })
        : redis.duplicate(resilientRedisOptions(options));
    this.#client.on("error", () => undefined);
    this.#target = describeRedis(this.#client);
    this.#jobExpirationMs = options.jobExpirationMs ?? 120_000;
    this.id = redisKeys(options.prefix).limiterId(options.id ?? "default");
    // Bottleneck duplicates this client for its subscriber; we pass the ioredis class so it never
    // has to require() it itself.
    this.#connection = new Bottleneck.IORedisConnection({ Redis, client: this.#client });
    this.#connection.on("error", () => undefined);
    this.bottleneck = new Bottleneck({
      ...pacingToBottleneck(options),
      datastore: "ioredis",
      connection: this.#connection,
      id: this.id,
      clearDatastore: options.clearDatastore ?? false,
      heartbeatInterval: options.heartbeatIntervalMs ?? 1_000,
    });
    this.bottleneck.on("error", () => undefined);
  }

  async schedule<T>(
    task: () => Promise<T>,
    options: { signal?: AbortSignal; weight?: number } = {},
  ): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw signal.reason;
    if (this.#closed) throw closedError();
    await this.#ready();
    let taskFailure: { error: unknown } | undefined;
    const job = this.bottleneck.schedule(
      { weight: options.weight ?? 1, expiration: this.#jobExpirationMs },
      async () => {
        // Aborted while queued: the slot is used, but nothing is sent.
        if (signal?.aborted) throw signal.reason;
        try {
          return await task();
        } catch (error) {
          taskFailure = { error };
          throw error;
        }
      },
    );
    const mapped = job.catch((error: unknown) => {
      if (taskFailure && error === taskFailure.error) throw error;
      if (signal?.aborted && error === signal.reason) throw error;
      throw this.#limiterError(error);
    });
    if (!signal) return mapped;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      mapped.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  /** Drops queued jobs (they reject with code `limiter_closed`) and disconnects both connections. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#close();
    return this.#closed;
  }

  async #close(): Promise<void> {
    // Jobs reach Bottleneck only once it is ready (see #ready), so there is nothing to drop before.
    if (this.#isReady) await withTimeout(this.bottleneck.stop({ dropWaitingJobs: true }), 2_000);
    // Quit both connections first (the limiter's channels go with them), then detach the limiter: it
    // then skips its UNSUBSCRIBE calls, which would fail unhandled inside Bottleneck if Redis is down.
    const quit = this.#connection.disconnect(true);
    if ((await withTimeout(quit, 2_000)) !== undefined) await this.#connection.disconnect(false);
    await withTimeout(Promise.resolve(this.bottleneck.disconnect(false)), 1_000);
  }

  async #ready(): Promise<void> {
    if (this.#isReady) return;
    const failure = await withTimeout(this.bottleneck.ready(), this.#unavailableAfterMs, "pending");
    if (failure === undefined) {
      this.#isReady = true;
      return;
    }
    throw new TransientError(
      `Redis at ${this.#target} is unreachable, so the shared rate limiter could not start ` +
        `(gave up after ${this.#unavailableAfterMs} ms). No request went through it.`,
      {
        code: "redis_unavailable",
        ...(failure === "pending" ? {} : { cause: failure }),
        details: { redis: this.#target, operation: "start the rate limiter" },
      },
    );
  }

  #limiterError(error: unknown): Error {
    if (error instanceof Bottleneck.BottleneckError) {
      if (/timed out/.test(error.message)) {
        return new TransientError(
          `A request ran longer than the limiter's job expiration (${this.#jobExpirationMs} ms) and was failed.`,
          { code: "limiter_job_expired", cause: error },
        );
      }
      if (/stopped/.test(error.message)) return closedError(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    return new TransientError(
      `The shared rate limiter could not schedule the request (Redis at ${this.#target}: ${message}). ` +
        "This request was not sent to the platform.",
      { code: "redis_unavailable", cause: error, details: { redis: this.#target, operation: "schedule" } },
    );
  }
}

function closedError(cause?: unknown): TransientError {
  return new TransientError("The rate limiter was closed before this request was sent.", {
    code: "limiter_closed",
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Waits at most `ms` for `promise`: resolves `undefined` when it fulfilled, its rejection reason when
 * it rejected, and `onTimeout` when it did not settle in time (a later rejection is then ignored).
 */
async function withTimeout(
  promise: Promise<unknown>,
  ms: number,
  onTimeout: unknown = "timeout",
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<unknown>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => undefined,
        (error: unknown) => error ?? new Error("rejected"),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
