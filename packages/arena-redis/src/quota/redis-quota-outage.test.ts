import { type ArenaError, QuotaExhaustedError, TransientError } from "@observatory/arena-core";
import { afterEach, describe, expect, it } from "vitest";
import { LossyProxy } from "../../test-support/tcp-proxy.js";
import { createRedisClient } from "../connection/create-redis-client.js";
import { createRedisPorts, type RedisPorts } from "../create-redis-ports.js";
import { type RedisServer, redisSkipReason, startRedisServer } from "../testing/index.js";
import { reserveScript } from "./quota-scripts.js";
import { RedisQuotaLedger } from "./redis-quota-ledger.js";

const skip = redisSkipReason();
const FAST = { unavailableAfterMs: 800, commandTimeoutMs: 500 };

describe.skipIf(skip)(
  `RedisQuotaLedger when Redis is down or restarts${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });
    const server = async (persistence: "none" | "aof"): Promise<RedisServer> => {
      const s = await startRedisServer({ persistence });
      cleanup.push(() => s.stop());
      return s;
    };
    const ports = (url: string, options: Parameters<typeof createRedisPorts>[1] = {}): RedisPorts => {
      const p = createRedisPorts(url, { prefix: "outage:", ...FAST, ...options });
      cleanup.push(() => p.close());
      return p;
    };

    it("fails reservations with a clear TransientError while Redis is down (bounded, no hang), succeeds after, counts exactly", async () => {
      const redis = await server("aof");
      const { quota } = ports(redis.url);
      for (let i = 0; i < 10; i++) await quota.reserve("app", "research");

      await redis.down({ crash: true });
      const started = Date.now();
      const errors = await Promise.all(
        Array.from({ length: 5 }, () => quota.reserve("app", "research").catch((e: unknown) => e)),
      );
      const waited = Date.now() - started;
      for (const error of errors) {
        expect(error).toBeInstanceOf(TransientError);
        expect((error as ArenaError).code).toBe("redis_unavailable");
        expect((error as ArenaError).retryable).toBe(true);
        expect((error as Error).message).toMatch(
          /Redis at 127\.0\.0\.1:\d+ is unreachable, so the adapter could not reserve quota/,
        );
        expect((error as Error).message).toContain("The step that needed Redis did not happen");
        // Earlier requests were sent and counted: the message must not claim nothing was.
        expect((error as Error).message).not.toMatch(/nothing was sent/i);
      }
      expect(waited).toBeLessThan(FAST.unavailableAfterMs + 2 * FAST.commandTimeoutMs + 1_000);

      await redis.up();
      await quota.reserve("app", "research");
      // The 10 before the crash survived it (append-only file), the 5 refused ones were never counted.
      expect((await quota.state("app", "research")).requestsUsed).toBe(11);
    });

    it("counts a reservation once when its reply is lost and the ledger retries it", async () => {
      const redis = await server("none");
      const proxy = await LossyProxy.start(redis.port);
      cleanup.push(() => proxy.close());
      const { quota } = ports(`redis://127.0.0.1:${proxy.port}`);
      await quota.reserve("app", "research");

      proxy.dropReplyTo(reserveScript.sha);
      const reservation = await quota.reserve("app", "research");
      expect(proxy.dropped).toBe(1);
      // The script ran (its reply was lost), then the ledger sent it again with the same reservation id.
      expect(proxy.seen.get(reserveScript.sha)).toBeGreaterThanOrEqual(2);
      expect((await quota.state("app", "research")).requestsUsed).toBe(2);
      await quota.release(reservation);
      expect((await quota.state("app", "research")).requestsUsed).toBe(1);
    });

    it("after a restart that kept its data (append-only file, even after kill -9) the count goes on", async () => {
      const redis = await server("aof");
      const { quota } = ports(redis.url, { pools: { research: { requests: 20, records: 1_000 } } });
      for (let i = 0; i < 15; i++) await quota.reserve("app", "research");
      await redis.restart({ crash: true });
      const granted = await Promise.allSettled(
        Array.from({ length: 10 }, () => quota.reserve("app", "research")),
      );
      expect(granted.filter((g) => g.status === "fulfilled")).toHaveLength(5);
      expect((await quota.state("app", "research")).requestsUsed).toBe(20);
    });

    it("pauses until midnight when Redis restarted without persistence and lost the day's counters", async () => {
      const redis = await server("none");
      const { quota } = ports(redis.url);
      for (let i = 0; i < 10; i++) await quota.reserve("app", "research");
      await redis.restart();

      const error = await quota.reserve("app", "research").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuotaExhaustedError);
      expect((error as QuotaExhaustedError).code).toBe("quota_counters_lost");
      expect((error as Error).message).toMatch(/Redis lost the quota counters/);
      expect((error as QuotaExhaustedError).resumeAt).toMatch(/T00:00:00\.000Z$/);

      // Every other process is paused too, including one that starts after the loss was noticed.
      const client = createRedisClient(redis.url, FAST);
      cleanup.push(async () => void client.disconnect());
      const newcomer = new RedisQuotaLedger(client, { prefix: "outage:", ...FAST });
      await expect(newcomer.reserve("other-app", "followers")).rejects.toMatchObject({
        code: "quota_counters_lost",
      });
      expect((await newcomer.state("app", "research")).exhausted).toBe(true);
    });

    it('with onCountersLost: "restart-count" counts again from zero after such a restart', async () => {
      const redis = await server("none");
      const { quota } = ports(redis.url, { onCountersLost: "restart-count" });
      for (let i = 0; i < 10; i++) await quota.reserve("app", "research");
      await redis.restart();
      await quota.reserve("app", "research");
      expect((await quota.state("app", "research")).requestsUsed).toBe(1);
    });

    it("fails with a TransientError when Redis is not there at start, and works once it is", async () => {
      const redis = await server("none");
      await redis.down();
      const { quota, tokenCache, checkpoints } = ports(redis.url);
      await Promise.all([
        expect(quota.reserve("app", "research")).rejects.toMatchObject({ code: "redis_unavailable" }),
        expect(tokenCache.get("app")).rejects.toMatchObject({ code: "redis_unavailable" }),
        expect(checkpoints.list("run")).rejects.toMatchObject({ code: "redis_unavailable" }),
      ]);
      await redis.up();
      await expect(quota.reserve("app", "research")).resolves.toMatchObject({ requests: 1 });
    });
  },
);
