import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  findRedisServer,
  pingRedis,
  REDIS_SERVER_MISSING,
  redisSkipReason,
  startRedisServer,
} from "./index.js";

describe("redis-server discovery", () => {
  const dir = mkdtempSync(join(tmpdir(), "find-redis-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds REDIS_SERVER_BIN, else redis-server on PATH, else nothing", () => {
    const fake = join(dir, "redis-server");
    writeFileSync(fake, "#!/bin/sh\n");
    chmodSync(fake, 0o755);
    expect(findRedisServer({ PATH: `/nonexistent:${dir}` })).toBe(fake);
    expect(findRedisServer({ PATH: "/nonexistent", REDIS_SERVER_BIN: fake })).toBe(fake);
    expect(findRedisServer({ PATH: dir, REDIS_SERVER_BIN: join(dir, "missing") })).toBeUndefined();
    expect(findRedisServer({ PATH: "/nonexistent" })).toBeUndefined();
  });

  it("skips with a visible reason outside CI and throws on CI when redis-server is missing", () => {
    expect(redisSkipReason({ PATH: "/nonexistent" })).toBe(REDIS_SERVER_MISSING);
    expect(() => redisSkipReason({ PATH: "/nonexistent", CI: "true" })).toThrow(
      /CI=true, so the Redis tests cannot be skipped/,
    );
    expect(redisSkipReason({ PATH: dir })).toBeUndefined();
  });

  it("startRedisServer reports a binary that cannot be started", async () => {
    await expect(startRedisServer({ bin: join(dir, "nope"), startTimeoutMs: 1_000 })).rejects.toThrow(
      /ENOENT/,
    );
  });
});

const skip = redisSkipReason();

describe.skipIf(skip)(`startRedisServer${skip ? ` (skipped: ${skip})` : ""}`, () => {
  it("starts on a free loopback port without persistence, restarts on the same port empty, and stops", async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    client.on("error", () => undefined);
    try {
      expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
      expect(await client.config("GET", "save")).toEqual(["save", ""]);
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
      await client.set("k", "v");
      await server.restart();
      expect(server.running).toBe(true);
      expect(await client.get("k")).toBeNull();
    } finally {
      client.disconnect();
      await server.stop();
    }
    expect(server.running).toBe(false);
    expect(await pingRedis(server.port, 200)).toBe(false);
  });

  it('keeps every acknowledged write across a kill -9 with persistence: "aof"', async () => {
    const server = await startRedisServer({ persistence: "aof" });
    const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
    client.on("error", () => undefined);
    try {
      await client.incrby("counter", 41);
      await client.incr("counter");
      await server.restart({ crash: true });
      expect(await client.get("counter")).toBe("42");
    } finally {
      client.disconnect();
      await server.stop();
    }
  });

  it("refuses a port that is taken, with redis-server's own words", async () => {
    const first = await startRedisServer();
    try {
      await expect(startRedisServer({ port: first.port, startTimeoutMs: 3_000 })).rejects.toThrow(
        /in use|bind/i,
      );
    } finally {
      await first.stop();
    }
  });
});
