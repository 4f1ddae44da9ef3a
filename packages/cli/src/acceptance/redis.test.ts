import { existsSync } from "node:fs";
import { join } from "node:path";
import { type RedisServer, redisSkipReason, startRedisServer } from "@observatory/arena-redis/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  startCli,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

// 30-day windows of several pages each: a kill lands while the run holds a window's lease.
const QUERY = ["--term", "klima", "--since", "2026-09-01", "--until", "2026-10-15", "--window-days", "30"];
const skip = redisSkipReason();

describe.skipIf(skip !== undefined)("REDIS_URL: all state in Redis", () => {
  let fixture: EmulatorFixture;
  let redis: RedisServer;
  const work = tempDir();

  beforeAll(async () => {
    assertBuilt();
    redis = await startRedisServer();
    fixture = await startEmulatorFixture({ latencyMs: 100 });
  });
  afterAll(async () => {
    await fixture?.close();
    await redis?.stop();
    work.cleanup();
  });

  it("checkpoints and quota live in Redis; a kill -9 and a resume give the exact record set at once", async () => {
    const reference = await runCliProcess(["tiktok", "collect", ...QUERY, "--out", "reference.jsonl"], {
      cwd: work.dir,
      env: cleanEnv(fixture.env({ OBSERVATORY_STATE_DIR: join(work.dir, "file-state") })),
    });
    expect(reference.code, reference.stderr).toBe(0);
    const expected = idsOf(readJsonl(join(work.dir, "reference.jsonl")));

    const env = cleanEnv(fixture.env({ REDIS_URL: redis.url }));
    const args = ["tiktok", "collect", ...QUERY, "--out", "redis.jsonl"];
    const killed = startCli(args, { cwd: work.dir, env });
    await killed.waitForStderr(/progress: /);
    killed.child.kill("SIGKILL");
    await killed.done;
    // The resumed run takes over the leases its killed predecessor held (same worker) instead of
    // waiting for them to lapse (10 minutes).
    const resumed = await runCliProcess(args, { cwd: work.dir, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const ids = idsOf(readJsonl(join(work.dir, "redis.jsonl")));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...expected].sort());

    expect(existsSync(join(work.dir, ".observatory"))).toBe(false);
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys("observatory:*");
      expect(keys.some((k) => k.startsWith("observatory:checkpoint:tiktok-terms-"))).toBe(true);
      expect(keys.some((k) => k.startsWith("observatory:credential:quota:"))).toBe(true);
      // The token is shared through Redis (with expiry), never written to files.
      const quota = await runCliProcess(["tiktok", "quota", "--json"], { cwd: work.dir, env });
      expect(quota.code, quota.stderr).toBe(0);
      expect(JSON.parse(quota.stdout)[0].requestsUsed).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});
