import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrossProcessRound } from "../test-support/cross-process-worker.js";
import { uniquePrefix, useRedisServer } from "../test-support/redis-fixture.js";
import { fetchToken, TokenEndpoint } from "../test-support/token-endpoint.js";
import { WorkerPool } from "../test-support/workers.js";
import { RedisQuotaLedger } from "./quota/redis-quota-ledger.js";
import { redisSkipReason } from "./testing/index.js";
import { RedisTokenCache } from "./token/redis-token-cache.js";

const skip = redisSkipReason();
const WORKERS = 8;

interface QuotaResult {
  granted: number;
  exhausted: number;
  other: string[];
}

/**
 * The acceptance tests across real OS processes: 8 forked Node processes (each with its own Redis
 * connections) share one redis-server, released together for every round so that their work interleaves.
 */
describe.skipIf(skip)(`${WORKERS} OS processes sharing one Redis${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();
  const prefix = uniquePrefix("xproc");
  let pool: WorkerPool<unknown>;
  let endpoint: TokenEndpoint;
  let round = 0;
  const run = <R>(input: CrossProcessRound) => pool.round(++round, input) as Promise<R[]>;

  beforeAll(async () => {
    endpoint = await TokenEndpoint.start(150);
    pool = await WorkerPool.start("cross-process-worker.ts", WORKERS, () => ({
      url: redis.server.url,
      prefix,
    }));
  });
  afterAll(async () => {
    pool?.kill();
    await endpoint?.close();
  });

  describe("quota ledger", () => {
    it.each([1, 2, 3, 4, 5])(
      "grants exactly the 1,000 research requests of a day, never more (run %i)",
      async (n) => {
        const credential = `shared-app-${n}`;
        // 8 × 200 = 1,600 concurrent attempts against a quota of 1,000.
        const results = await run<QuotaResult>({ kind: "quota", credential, attempts: 200 });
        expect(results.flatMap((r) => r.other)).toEqual([]);
        expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(1_000);
        expect(results.reduce((sum, r) => sum + r.exhausted, 0)).toBe(600);
        const state = await new RedisQuotaLedger(redis.client, { prefix }).state(credential, "research");
        expect(state).toMatchObject({ requestsUsed: 1_000, exhausted: true });
      },
    );
  });

  describe("token cache", () => {
    it.each([1, 2, 3])(
      "8 processes needing a token at once call the token endpoint exactly once (run %i)",
      async (n) => {
        const before = endpoint.calls;
        const tokens = await run<string>({ kind: "token", key: `app-${n}`, tokenUrl: endpoint.url });
        expect(endpoint.calls - before).toBe(1);
        expect(new Set(tokens).size).toBe(1);
        expect(tokens[0]).toMatch(/^clt\.issued-/);
      },
    );
  });

  describe("Bottleneck cluster limiter", () => {
    it("shares one reservoir: 5 requests a minute for the cluster, whatever the number of processes", async () => {
      // 3 processes each want 5 at once; unshared, 15 would run.
      const results = await run<number[] | null>({
        kind: "limiter",
        participants: 3,
        id: "app-a",
        requests: 5,
        perMs: 60_000,
        jobs: 5,
        waitMs: 2_000,
      });
      expect(results.filter((r) => r !== null)).toHaveLength(3);
      expect(results.flatMap((r) => r ?? [])).toHaveLength(5);
    });

    it("refills the shared reservoir every interval and never runs more than it allows", async () => {
      const interval = 1_000;
      const perInterval = 4;
      const started = Date.now();
      const results = await run<number[] | null>({
        kind: "limiter",
        participants: 3,
        id: "app-b",
        requests: perInterval,
        perMs: interval,
        jobs: 6,
        waitMs: 2_600,
      });
      const elapsed = Date.now() - started;
      const ranAt = results.flatMap((r) => r ?? []).sort((a, b) => a - b);
      // At most one reservoir at the start plus one per refill that can have happened since…
      expect(ranAt.length).toBeLessThanOrEqual(perInterval * (Math.floor(elapsed / interval) + 1));
      // …and it did refill: more than one reservoir's worth ran.
      expect(ranAt.length).toBeGreaterThan(perInterval);
      // A window shorter than the interval holds at most two reservoirs (one refill inside it).
      for (const t of ranAt) {
        expect(ranAt.filter((u) => u >= t && u < t + interval - 50).length).toBeLessThanOrEqual(
          2 * perInterval,
        );
      }
    });
  });

  describe("a crash and the end", () => {
    it("a process killed while refreshing the token blocks the others only until its lock expires", async () => {
      const victim = WORKERS - 1;
      pool.go(++round, { kind: "token", key: "app-crash", tokenUrl: endpoint.url, hangIn: victim });
      const cache = new RedisTokenCache(redis.newClient(), { prefix, pollIntervalMs: 20 });
      const lock = cache.keys.tokenLock("app-crash");
      while ((await redis.client.exists(lock)) === 0) await new Promise((r) => setTimeout(r, 10));
      pool.killOne(victim);

      const before = endpoint.calls;
      const started = Date.now();
      const token = await cache.getOrRefresh("app-crash", () => fetchToken(endpoint.url), {
        minValidityMs: 600_000,
        now: Date.now(),
      });
      expect(token.accessToken).toMatch(/^clt\.issued-/);
      expect(endpoint.calls - before).toBe(1);
      expect(Date.now() - started).toBeGreaterThan(200); // it waited for the dead holder's lock to expire
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it("every other process exits by itself once told to stop: queued requests dropped, connections closed", async () => {
      const codes = await pool.close();
      expect(codes.slice(0, WORKERS - 1)).toEqual(Array(WORKERS - 1).fill(0));
    });
  });
});
