import { type ArenaError, ConfigError, TransientError } from "@observatory/arena-core";
import { afterAll, describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../../test-support/redis-fixture.js";
import { LossyProxy } from "../../test-support/tcp-proxy.js";
import { createRedisClient } from "../connection/create-redis-client.js";
import { redisSkipReason, startRedisServer } from "../testing/index.js";
import { claimLeaseScript } from "./checkpoint-scripts.js";
import { RedisCheckpointStore } from "./redis-checkpoint-store.js";

const skip = redisSkipReason();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(skip)(`RedisCheckpointStore leases${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();
  const store = () => new RedisCheckpointStore(redis.client, { prefix: uniquePrefix("lease") });

  it("grants a partition to one owner at a time, per run and partition, under the prefix", async () => {
    const s = store();
    expect(await s.claim("run", "terms|w1", "worker-a", 60_000)).toBe(true);
    expect(await s.claim("run", "terms|w1", "worker-b", 60_000)).toBe(false);
    expect(await s.claim("run", "terms|w2", "worker-b", 60_000)).toBe(true);
    expect(await s.claim("other-run", "terms|w1", "worker-b", 60_000)).toBe(true);
    const key = s.keys.lease("run", "terms|w1");
    expect(key).toBe(`${s.keys.prefix}lease:run:terms|w1`);
    expect(await redis.client.get(key)).toBe("worker-a");
    // The run id is encoded: run "a:b" + partition "c" and run "a" + partition "b:c" are two leases.
    expect(s.keys.lease("a:b", "c")).not.toBe(s.keys.lease("a", "b:c"));
    expect(await s.claim("a:b", "c", "worker-a", 60_000)).toBe(true);
    expect(await s.claim("a", "b:c", "worker-b", 60_000)).toBe(true);
  });

  it("renews the owner's lease (the expiry moves), while another owner's claim changes nothing", async () => {
    const s = store();
    const key = s.keys.lease("run", "p");
    expect(await s.claim("run", "p", "a", 5_000)).toBe(true);
    expect(await redis.client.pttl(key)).toBeLessThanOrEqual(5_000);
    expect(await s.claim("run", "p", "b", 120_000)).toBe(false);
    expect(await redis.client.pttl(key)).toBeLessThanOrEqual(5_000);
    expect(await s.claim("run", "p", "a", 60_000)).toBe(true); // renewed
    expect(await redis.client.pttl(key)).toBeGreaterThan(50_000);
    expect(await redis.client.get(key)).toBe("a");
  });

  it("lets a crashed owner's lease lapse after its real TTL, then another owner takes it", async () => {
    const s = store();
    expect(await s.claim("run", "p", "crashed", 300)).toBe(true);
    expect(await s.claim("run", "p", "survivor", 300)).toBe(false);
    await sleep(450);
    expect(await s.claim("run", "p", "survivor", 300)).toBe(true);
    expect(await s.claim("run", "p", "crashed", 300)).toBe(false); // back from the dead: too late
  });

  it("release by a non-owner does nothing; release by the owner frees the partition at once", async () => {
    const s = store();
    const key = s.keys.lease("run", "p");
    expect(await s.claim("run", "p", "a", 60_000)).toBe(true);
    await s.release("run", "p", "b");
    expect(await redis.client.get(key)).toBe("a");
    expect(await s.claim("run", "p", "b", 60_000)).toBe(false);
    await s.release("run", "p", "a");
    expect(await redis.client.exists(key)).toBe(0);
    expect(await s.claim("run", "p", "b", 60_000)).toBe(true);
    await s.release("run", "p", "a"); // a's lease is gone: b's stays
    expect(await redis.client.get(key)).toBe("b");
    await s.release("run", "never-claimed", "a"); // nothing to release: no error
  });

  it("gives a contested partition to exactly one of many owners racing on their own connections", async () => {
    const prefix = uniquePrefix("lease-race");
    for (let round = 0; round < 10; round++) {
      const owners = Array.from({ length: 8 }, (_, i) => ({
        name: `w${i}`,
        store: new RedisCheckpointStore(redis.newClient(), { prefix }),
      }));
      const won = await Promise.all(owners.map((o) => o.store.claim("run", `p${round}`, o.name, 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
      const winner = owners[won.indexOf(true)]!.name;
      expect(await redis.client.get(owners[0]!.store.keys.lease("run", `p${round}`))).toBe(winner);
    }
  });

  it("rejects an empty owner or a lease time that is not a positive whole number (ConfigError)", async () => {
    const s = store();
    await expect(s.claim("run", "p", "", 1_000)).rejects.toBeInstanceOf(ConfigError);
    await expect(s.claim("run", "p", "a", 0)).rejects.toBeInstanceOf(ConfigError);
    await expect(s.claim("run", "p", "a", 1.5)).rejects.toBeInstanceOf(ConfigError);
    await expect(s.release("run", "p", "")).rejects.toBeInstanceOf(ConfigError);
  });
});

describe.skipIf(skip)(
  `RedisCheckpointStore leases when Redis fails${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    const cleanup: (() => Promise<void> | void)[] = [];
    afterAll(async () => {
      for (const step of cleanup.reverse()) await step();
    });

    it("claim and release fail with a retryable TransientError while Redis is down, and work once it is back", async () => {
      const server = await startRedisServer({ persistence: "aof" });
      cleanup.push(() => server.stop());
      const client = createRedisClient(server.url, { commandTimeoutMs: 300 });
      client.on("error", () => undefined);
      cleanup.push(() => client.disconnect());
      const s = new RedisCheckpointStore(client, { prefix: "down:", unavailableAfterMs: 500 });
      expect(await s.claim("run", "p", "a", 60_000)).toBe(true);

      await server.down({ crash: true });
      for (const attempt of [() => s.claim("run", "p", "b", 60_000), () => s.release("run", "p", "a")]) {
        const error = (await attempt().catch((e: unknown) => e)) as ArenaError;
        expect(error).toBeInstanceOf(TransientError);
        expect(error.code).toBe("redis_unavailable");
        expect(error.retryable).toBe(true);
        expect(error.message).toMatch(
          /Redis at 127\.0\.0\.1:\d+ is unreachable, so the adapter could not (claim|release) a partition lease/,
        );
      }

      await server.up();
      // The lease survived the crash (append-only file): it is still a's.
      expect(await s.claim("run", "p", "b", 60_000)).toBe(false);
      expect(await s.claim("run", "p", "a", 60_000)).toBe(true);
    });

    it("a claim whose reply was lost is sent again and still holds the lease for its owner (idempotent)", async () => {
      const server = await startRedisServer();
      cleanup.push(() => server.stop());
      const proxy = await LossyProxy.start(server.port);
      cleanup.push(() => proxy.close());
      const client = createRedisClient(`redis://127.0.0.1:${proxy.port}`, { commandTimeoutMs: 500 });
      client.on("error", () => undefined);
      cleanup.push(() => client.disconnect());
      const s = new RedisCheckpointStore(client, { prefix: "lossy:" });
      await s.release("run", "warm-up", "a"); // connected, scripts loaded

      proxy.dropReplyTo(claimLeaseScript.sha);
      expect(await s.claim("run", "p", "a", 60_000)).toBe(true);
      expect(proxy.dropped).toBe(1);
      expect(proxy.seen.get(claimLeaseScript.sha)).toBeGreaterThanOrEqual(2);
      expect(await s.claim("run", "p", "b", 60_000)).toBe(false);
    });
  },
);
