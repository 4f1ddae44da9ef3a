import { type LogFields, ManualClock, unlimitedRateLimiter } from "@observatory/arena-core";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../test-support/redis-fixture.js";
import { resilientRedisOptions } from "./connection/create-redis-client.js";
import { createRedisPorts } from "./create-redis-ports.js";
import { RedisRateLimiter } from "./limiter/redis-rate-limiter.js";
import { redisSkipReason, startRedisServer } from "./testing/index.js";

const skip = redisSkipReason();

describe.skipIf(skip)(`createRedisPorts${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();

  it("wires the four ports on one prefix, clock and pool limits, and closes what it opened", async () => {
    const prefix = uniquePrefix("ports");
    const clock = new ManualClock(Date.now());
    const ports = createRedisPorts(redis.server.url, {
      prefix,
      clock,
      pools: { research: { requests: 2, records: 10 } },
      pacing: { id: "app", requests: 40, perMs: 3_600_000 },
    });
    await ports.quota.reserve("app", "research");
    await ports.tokenCache.set("app", { accessToken: "clt.tok123456", expiresAt: clock.now() + 60_000 });
    await ports.checkpoints.put({
      runId: "r",
      partition: "p",
      done: false,
      pages: 1,
      records: 3,
      updatedAt: "x",
    });
    expect(await ports.limiter.schedule(async () => "paced")).toBe("paced");
    expect(ports.limiter).toBeInstanceOf(RedisRateLimiter);
    // `{ ...ports }` carries exactly the four ports (collector options reject unknown keys).
    expect(Object.keys({ ...ports }).sort()).toEqual(["checkpoints", "limiter", "quota", "tokenCache"]);

    const keys = (await redis.client.keys(`*${prefix}*`)).sort();
    expect(keys).toEqual(
      [
        `${prefix}checkpoint:r`,
        `${prefix}credential:quota:app:daily`,
        `${prefix}credential:token:app`,
        `${prefix}ledger:epoch`,
        ...(await redis.client.keys(`b_${prefix}limiter:app_*`)),
      ].sort(),
    );
    expect((await ports.quota.state("app", "research")).requestsLimit).toBe(2);

    const ended = new Promise<void>((resolve) =>
      ports.redis.status === "end" ? resolve() : ports.redis.once("end", () => resolve()),
    );
    await ports.close();
    await ports.close();
    await ended;
    expect(ports.redis.status).toBe("end");
  });

  it("uses the host's client without closing it, and no limiter connections without pacing", async () => {
    const client = new Redis(redis.server.url, resilientRedisOptions());
    const ports = createRedisPorts(client, { prefix: uniquePrefix("host-client") });
    expect(ports.limiter).toBe(unlimitedRateLimiter);
    await ports.quota.reserve("app", "research");
    await ports.close();
    expect(await client.ping()).toBe("PONG");
    client.disconnect();
  });

  it("tells the logger when Redis goes away and when it is back", async () => {
    const server = await startRedisServer({ persistence: "aof" });
    const lines: { level: string; message: string; fields?: LogFields }[] = [];
    const log = (level: string) => (message: string, fields?: LogFields) =>
      lines.push({ level, message, fields });
    const logger = { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
    const ports = createRedisPorts(server.url, {
      prefix: uniquePrefix("log"),
      logger,
      unavailableAfterMs: 300,
    });
    try {
      await ports.quota.reserve("app", "research");
      await server.down();
      await expect(ports.quota.reserve("app", "research")).rejects.toMatchObject({
        code: "redis_unavailable",
      });
      await server.up();
      await ports.quota.reserve("app", "research");
      expect(lines.map((l) => `${l.level}: ${l.message}`)).toEqual([
        "warn: Redis is unreachable; reservations fail until it is back",
        "info: Redis is reachable again",
      ]);
      expect(lines[0]!.fields).toMatchObject({ redis: `127.0.0.1:${server.port}` });
    } finally {
      await ports.close();
      await server.stop();
    }
  });

  it("never puts the Redis password in an error", async () => {
    const server = await startRedisServer();
    const url = `redis://observer:s3cret-password@127.0.0.1:${server.port}`;
    await server.stop();
    const ports = createRedisPorts(url, { prefix: uniquePrefix("pw"), unavailableAfterMs: 300 });
    try {
      const error = await ports.quota.reserve("app", "research").catch((e: unknown) => e);
      expect((error as Error).message).toContain(`127.0.0.1:${server.port}`);
      expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(
        "s3cret-password",
      );
    } finally {
      await ports.close();
    }
  });
});
