import { TransientError, UpstreamError } from "@observatory/arena-core";
import { afterEach, describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../../test-support/redis-fixture.js";
import { redisSkipReason, startRedisServer } from "../testing/index.js";
import { RedisRateLimiter, type RedisRateLimiterOptions } from "./redis-rate-limiter.js";

const skip = redisSkipReason();

describe.skipIf(skip)(`RedisRateLimiter${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();
  const open: RedisRateLimiter[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((l) => l.close()));
  });
  const limiter = (options: RedisRateLimiterOptions = {}) => {
    const l = new RedisRateLimiter(redis.server.url, {
      prefix: uniquePrefix("limit"),
      heartbeatIntervalMs: 100,
      ...options,
    });
    open.push(l);
    return l;
  };

  it("uses a Bottleneck cluster keyed by prefix and id", async () => {
    const l = limiter({ id: "app", requests: 40, perMs: 3_600_000 });
    await l.schedule(async () => "ok");
    expect(l.bottleneck.datastore).toBe("ioredis");
    expect(l.id).toMatch(/limiter:app$/);
    const settings = await redis.client.hgetall(`b_${l.id}_settings`);
    expect(settings.reservoir).toBe("39");
    expect(settings.reservoirRefreshInterval).toBe("3600000");
  });

  it("passes a task's own result and error through unchanged", async () => {
    const l = limiter();
    expect(await l.schedule(async () => 42)).toBe(42);
    const own = new UpstreamError("HTTP 500 from the platform");
    await expect(l.schedule(async () => Promise.reject(own))).rejects.toBe(own);
  });

  it("fails a job that runs past its expiration and frees its slot for the next one", async () => {
    const l = limiter({ maxConcurrent: 1, jobExpirationMs: 300 });
    const hung = l.schedule(() => new Promise<never>(() => undefined));
    const next = l.schedule(async () => "ran");
    const error = await hung.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).code).toBe("limiter_job_expired");
    expect(await next).toBe("ran");
  });

  it("rejects at once when aborted, before or while queued, and never runs the aborted task", async () => {
    const l = limiter({ requests: 1, perMs: 60_000 });
    await l.schedule(async () => undefined); // the reservoir is now empty
    let ran = false;
    const before = new AbortController();
    before.abort(new Error("stopped by the consumer"));
    await expect(l.schedule(async () => (ran = true), { signal: before.signal })).rejects.toThrow(
      "stopped by the consumer",
    );
    const queued = new AbortController();
    const pending = l.schedule(async () => (ran = true), { signal: queued.signal });
    setTimeout(() => queued.abort(new Error("break")), 50);
    await expect(pending).rejects.toThrow("break");
    expect(ran).toBe(false);
  });

  it("counts weight against the shared reservoir", async () => {
    const a = limiter({ id: "w", requests: 3, perMs: 60_000 });
    await a.schedule(async () => undefined, { weight: 2 });
    // Created once a's settings are in Redis: b (without pacing options of its own) reuses them. Created
    // together, whichever limiter initialises the cluster first writes its settings.
    const b = new RedisRateLimiter(redis.server.url, {
      prefix: a.id.replace(/limiter:w$/, ""),
      id: "w",
      heartbeatIntervalMs: 100,
    });
    open.push(b);
    let ran = false;
    const blocked = b.schedule(async () => (ran = true), { weight: 2 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    expect(ran).toBe(false);
    await b.close();
    expect(await blocked).toMatchObject({ code: "limiter_closed" });
  });

  it("close() is idempotent and later schedules are refused", async () => {
    const l = limiter();
    await l.close();
    await l.close();
    await expect(l.schedule(async () => 1)).rejects.toMatchObject({ code: "limiter_closed" });
  });

  it("fails with a TransientError when Redis is unreachable at start, and close() still returns", async () => {
    const server = await startRedisServer();
    const url = server.url;
    await server.stop();
    const l = new RedisRateLimiter(url, { unavailableAfterMs: 500, commandTimeoutMs: 300 });
    const started = Date.now();
    const error = await l.schedule(async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).code).toBe("redis_unavailable");
    expect(Date.now() - started).toBeLessThan(2_000);
    await l.close();
  });
});
