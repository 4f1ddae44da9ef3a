import { AuthError, type CachedToken, TransientError } from "@observatory/arena-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../../test-support/redis-fixture.js";
import { fetchToken, TokenEndpoint } from "../../test-support/token-endpoint.js";
import { redisSkipReason } from "../testing/index.js";
import { RedisTokenCache } from "./redis-token-cache.js";

const skip = redisSkipReason();
const HOUR = 3_600_000;

describe.skipIf(skip)(`RedisTokenCache${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();
  let endpoint: TokenEndpoint;
  beforeAll(async () => {
    endpoint = await TokenEndpoint.start(150);
  });
  afterAll(() => endpoint.close());

  /** Caches that share one prefix, as separate processes would. */
  const caches = (count: number, options: ConstructorParameters<typeof RedisTokenCache>[1] = {}) => {
    const prefix = uniquePrefix("token");
    return Array.from(
      { length: count },
      () => new RedisTokenCache(redis.newClient(), { prefix, ...options }),
    );
  };
  const opts = (extra: { rejected?: string; minValidityMs?: number } = {}) => ({
    minValidityMs: 600_000,
    now: Date.now(),
    ...extra,
  });

  it("stores, reads and deletes a token, expiring it with the token", async () => {
    const [cache] = caches(1);
    const token = { accessToken: "clt.abc123456", expiresAt: Date.now() + HOUR };
    await cache!.set("app", token);
    expect(await cache!.get("app")).toEqual(token);
    const pttl = await redis.client.pttl(cache!.keys.token("app"));
    expect(pttl).toBeGreaterThan(HOUR - 5_000);
    expect(pttl).toBeLessThanOrEqual(HOUR);
    await cache!.delete("app");
    expect(await cache!.get("app")).toBeUndefined();
    await cache!.set("app", { accessToken: "clt.expired", expiresAt: Date.now() - 1 });
    expect(await cache!.get("app")).toBeUndefined();
  });

  it("returns a usable cached token without refreshing; refreshes one that is near expiry or was rejected", async () => {
    const [cache] = caches(1);
    let refreshes = 0;
    const refresh = async (): Promise<CachedToken> => ({
      accessToken: `clt.new-${++refreshes}`,
      expiresAt: Date.now() + 2 * HOUR,
    });
    await cache!.set("app", { accessToken: "clt.current", expiresAt: Date.now() + HOUR });
    expect((await cache!.getOrRefresh("app", refresh, opts())).accessToken).toBe("clt.current");
    expect(refreshes).toBe(0);
    // Less than 10 minutes left → refreshed proactively.
    await cache!.set("app", { accessToken: "clt.current", expiresAt: Date.now() + 300_000 });
    expect((await cache!.getOrRefresh("app", refresh, opts())).accessToken).toBe("clt.new-1");
    // The platform said 401 for the cached one → never handed out again.
    expect((await cache!.getOrRefresh("app", refresh, opts({ rejected: "clt.new-1" }))).accessToken).toBe(
      "clt.new-2",
    );
    expect(await cache!.get("app")).toMatchObject({ accessToken: "clt.new-2" });
  });

  it("refreshes once for many concurrent callers in several cache instances (single flight)", async () => {
    const instances = caches(5);
    const before = endpoint.calls;
    const tokens = await Promise.all(
      instances.flatMap((cache) =>
        Array.from({ length: 4 }, () => cache.getOrRefresh("app", () => fetchToken(endpoint.url), opts())),
      ),
    );
    expect(endpoint.calls - before).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(await redis.client.exists(instances[0]!.keys.tokenLock("app"))).toBe(0);
  });

  it("takes over when the lock holder crashed: its lock expires and one waiter refreshes", async () => {
    const [a, b] = caches(2, { pollIntervalMs: 20 });
    // A process took the lock and died: the lock stays until its expiry.
    await redis.client.set(a!.keys.tokenLock("app"), "crashed-owner", "PX", 400);
    let refreshes = 0;
    const refresh = async (): Promise<CachedToken> => {
      refreshes += 1;
      return { accessToken: `clt.after-crash-${refreshes}`, expiresAt: Date.now() + HOUR };
    };
    const started = Date.now();
    const [ta, tb] = await Promise.all([
      a!.getOrRefresh("app", refresh, opts()),
      b!.getOrRefresh("app", refresh, opts()),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(refreshes).toBe(1);
    expect(ta).toEqual(tb);
  });

  it("makes the waiting processes fail with the holder's error (redacted) instead of each retrying", async () => {
    const [holder, w1, w2] = caches(3, { pollIntervalMs: 20 });
    let refreshes = 0;
    const failing = async (): Promise<CachedToken> => {
      refreshes += 1;
      await new Promise((r) => setTimeout(r, 150));
      throw new AuthError("The client credentials were rejected (Bearer abcdef1234567890).", { status: 401 });
    };
    const first = holder!.getOrRefresh("app", failing, opts());
    await new Promise((r) => setTimeout(r, 30)); // the holder has the lock
    const results = await Promise.allSettled([
      first,
      w1!.getOrRefresh("app", failing, opts()),
      w2!.getOrRefresh("app", failing, opts()),
    ]);
    expect(refreshes).toBe(1);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(AuthError);
      expect(reason.message).not.toContain("abcdef1234567890");
    }
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(
      /^Another process's token refresh failed/,
    );
    expect(await redis.client.get(holder!.keys.tokenFailure("app"))).not.toContain("abcdef1234567890");
  });

  it("gives up waiting with a TransientError when the lock is never released in time", async () => {
    const [cache] = caches(1, { pollIntervalMs: 20, waitTimeoutMs: 300 });
    await redis.client.set(cache!.keys.tokenLock("app"), "someone-else", "PX", 10_000);
    const error = await cache!
      .getOrRefresh("app", () => fetchToken(endpoint.url), opts())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).code).toBe("token_refresh_wait_timeout");
  });
});
