import { randomUUID } from "node:crypto";
import {
  type CachedToken,
  type Clock,
  isTokenUsable,
  realSleep,
  type Sleep,
  systemClock,
  type TokenCache,
  type TokenRefreshOptions,
  TransientError,
} from "@observatory/arena-core";
import type { Redis } from "ioredis";
import { z } from "zod";
import { RedisGateway, type RedisGatewayOptions } from "../connection/redis-gateway.js";
import { type RedisKeys, redisKeys } from "../keys.js";
import { describeFailure, failureToError, type TokenFailure, tokenFailureSchema } from "./token-failure.js";
import { acquireLockScript, releaseLockScript } from "./token-scripts.js";

export interface RedisTokenCacheOptions extends RedisGatewayOptions {
  /** Key prefix, default `observatory:`. */
  prefix?: string;
  /** Used for the Redis expiry of tokens written with `set`. */
  clock?: Clock;
  /**
   * Expiry of the refresh lock (SET NX PX). A holder that crashes blocks the others at most this long;
   * a refresh that takes longer than this may overlap with a second one. Default 15,000 ms.
   */
  lockTtlMs?: number;
  /** How often a waiting process looks for the new token. Default 50 ms. */
  pollIntervalMs?: number;
  /** How long a process waits for another one's refresh before it gives up. Default lockTtlMs + 15,000 ms. */
  waitTimeoutMs?: number;
  /** How long a failed refresh is shown to waiting processes (they fail with it instead of retrying). Default 2,000 ms. */
  failureTtlMs?: number;
  /** Waits between polls; real by default. */
  pollSleep?: Sleep;
}

const cachedTokenSchema = z.object({ accessToken: z.string().min(1), expiresAt: z.number() });

/**
 * Tokens in Redis (`<prefix>credential:token:<key>`, expiring with the token), shared by every process.
 * `getOrRefresh` is single-flight across processes: one process takes a lock with an expiry
 * (`…:lock`, SET NX PX) and refreshes; the others poll for the new token instead of requesting their
 * own. If the holder crashes its lock expires and a waiting process takes over; if its refresh fails,
 * the waiting processes fail with the same (redacted) error. Within one process, concurrent callers
 * share one flight.
 */
export class RedisTokenCache implements TokenCache {
  readonly keys: RedisKeys;
  readonly #gateway: RedisGateway;
  readonly #clock: Clock;
  readonly #lockTtlMs: number;
  readonly #pollIntervalMs: number;
  readonly #waitTimeoutMs: number;
  readonly #failureTtlMs: number;
  readonly #sleep: Sleep;
  readonly #inflight = new Map<string, Promise<CachedToken>>();

  constructor(redis: Redis | RedisGateway, options: RedisTokenCacheOptions = {}) {
    this.#gateway = redis instanceof RedisGateway ? redis : new RedisGateway(redis, options);
    this.keys = redisKeys(options.prefix);
    this.#clock = options.clock ?? systemClock;
    this.#lockTtlMs = options.lockTtlMs ?? 15_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 50;
    this.#waitTimeoutMs = options.waitTimeoutMs ?? this.#lockTtlMs + 15_000;
    this.#failureTtlMs = options.failureTtlMs ?? 2_000;
    this.#sleep = options.pollSleep ?? realSleep;
  }

  async get(key: string): Promise<CachedToken | undefined> {
    const raw = await this.#gateway.run("read the cached token", (c) => c.get(this.keys.token(key)));
    if (raw === null) return undefined;
    const parsed = cachedTokenSchema.safeParse(safeJson(raw));
    return parsed.success ? parsed.data : undefined;
  }

  set(key: string, token: CachedToken): Promise<void> {
    return this.#write(key, token, this.#clock.now());
  }

  async delete(key: string): Promise<void> {
    await this.#gateway.run("delete the cached token", (c) => c.del(this.keys.token(key)));
  }

  async getOrRefresh(
    key: string,
    refresh: () => Promise<CachedToken>,
    options: TokenRefreshOptions,
  ): Promise<CachedToken> {
    const cached = await this.get(key);
    if (isTokenUsable(cached, options)) return cached;
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const flight = this.#singleFlight(key, refresh, options).finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, flight);
    return flight;
  }

  async #write(key: string, token: CachedToken, now: number): Promise<void> {
    const ttl = Math.floor(token.expiresAt - now);
    const tokenKey = this.keys.token(key);
    const value = JSON.stringify({ accessToken: token.accessToken, expiresAt: token.expiresAt });
    await this.#gateway.run("store the token", async (c) => {
      if (ttl > 0) await c.set(tokenKey, value, "PX", ttl);
      else await c.del(tokenKey);
    });
  }

  async #readFailure(key: string): Promise<TokenFailure | undefined> {
    const raw = await this.#gateway.run("read the token refresh state", (c) =>
      c.get(this.keys.tokenFailure(key)),
    );
    if (raw === null) return undefined;
    const parsed = tokenFailureSchema.safeParse(safeJson(raw));
    return parsed.success ? parsed.data : undefined;
  }

  async #singleFlight(
    key: string,
    refresh: () => Promise<CachedToken>,
    options: TokenRefreshOptions,
  ): Promise<CachedToken> {
    const owner = randomUUID();
    const lockKey = this.keys.tokenLock(key);
    const failureBefore = (await this.#readFailure(key))?.id;
    const deadline = Date.now() + this.#waitTimeoutMs;
    for (;;) {
      const acquired = await this.#gateway.eval(
        "lock the token refresh",
        acquireLockScript,
        [lockKey],
        [owner, this.#lockTtlMs],
      );
      if (acquired === 1) return this.#refreshHoldingLock(key, owner, refresh, options);

      await this.#sleep(this.#pollIntervalMs);
      const token = await this.get(key);
      if (isTokenUsable(token, options)) return token;
      const failure = await this.#readFailure(key);
      if (failure && failure.id !== failureBefore) throw failureToError(failure);
      if (Date.now() > deadline) {
        throw new TransientError(
          `Waited ${this.#waitTimeoutMs} ms for another process to refresh the token of "${key}" without a result.`,
          { code: "token_refresh_wait_timeout" },
        );
      }
    }
  }

  async #refreshHoldingLock(
    key: string,
    owner: string,
    refresh: () => Promise<CachedToken>,
    options: TokenRefreshOptions,
  ): Promise<CachedToken> {
    const lockKey = this.keys.tokenLock(key);
    try {
      // Another process may have finished its refresh between our read and our lock.
      const current = await this.get(key);
      if (isTokenUsable(current, options)) return current;
      let token: CachedToken;
      try {
        token = await refresh();
      } catch (error) {
        const failure = JSON.stringify(describeFailure(owner, error));
        await this.#gateway
          .run("publish the failed refresh", (c) =>
            c.set(this.keys.tokenFailure(key), failure, "PX", this.#failureTtlMs),
          )
          .catch(() => undefined);
        throw error;
      }
      await this.#write(key, token, options.now);
      return token;
    } finally {
      await this.#gateway
        .eval("unlock the token refresh", releaseLockScript, [lockKey], [owner])
        .catch(() => undefined);
    }
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
