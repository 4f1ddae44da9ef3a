// Acceptance: the TikTok collector on Redis ports, run by several OS processes that share one run
// (same query, same runId) against one emulator, through Redis restarts, outages and a SIGKILL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TermsQueryInput } from "@observatory/arena-core";
import { pagesPerWindow as pagesNeeded, truthFor } from "@observatory/arena-tiktok/testing";
import { DEMO_CLIENT, type Emulator, startEmulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CollectResult, type CollectRound, CREDENTIAL_ID } from "../test-support/collect-round.js";
import {
  committedIds,
  distinctSorted,
  duplicates,
  type EmulatorUse,
  emulatorUse,
} from "../test-support/collection-output.js";
import { uniquePrefix, useRedisServer } from "../test-support/redis-fixture.js";
import { WorkerPool } from "../test-support/workers.js";
import { RedisCheckpointStore } from "./checkpoint/redis-checkpoint-store.js";
import { RedisQuotaLedger } from "./quota/redis-quota-ledger.js";
import { redisSkipReason } from "./testing/index.js";

const skip = redisSkipReason();
const WORKERS = 4;
/** 20 videos a page: windows of 3 to 6 pages, so a window can be interrupted in its middle. */
const MAX_COUNT = 20;
const QUERIES: TermsQueryInput[] = [
  { terms: ["klima", "#dkpol"], since: "2026-08-01", until: "2026-11-01", regions: ["DK"] },
  { terms: ["#valg", "sundhed"], since: "2026-09-01", until: "2026-11-01" },
];
/** The emulator's corpus runs to 2026-11-20: its clock stands a few days later. */
const EMULATOR_CLOCK = { now: () => Date.parse("2026-11-24T10:00:00Z") };
const DAY = 86_400_000;
const ROUND_TIMEOUT = 60_000;

describe.skipIf(skip)(
  `the TikTok collector in ${WORKERS} OS processes sharing one Redis${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    const redis = useRedisServer({ persistence: "aof" });
    let emulator: Emulator; // answers at once
    let slow: Emulator; // 40 ms a response, so that a collection is still running when Redis restarts
    let pool: WorkerPool<CollectResult | null>;
    let dir: string;
    let round = 0;
    let truth: string[][];
    let pages: number;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "arena-redis-collect-"));
      const quota = { research: { requests: 1_000_000, records: 100_000_000 } };
      [emulator, slow, pool] = await Promise.all([
        startEmulator({ seed: 7, clock: EMULATOR_CLOCK, quota }),
        startEmulator({ seed: 7, clock: EMULATOR_CLOCK, quota, latencyMs: 40 }),
        WorkerPool.start<CollectResult | null>("collector-worker.ts", WORKERS, () => ({})),
      ]);
      truth = QUERIES.map((q) => truthFor(emulator, q));
      pages = QUERIES.flatMap((q) => pagesNeeded(emulator, q, 7, MAX_COUNT)).reduce((a, b) => a + b, 0);
    }, 60_000);
    afterAll(async () => {
      pool?.kill();
      await Promise.all([emulator?.close(), slow?.close()]);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const roundInput = (name: string, e: Emulator, extra: Partial<CollectRound> = {}): CollectRound => ({
      redisUrl: redis.server.url,
      prefix: uniquePrefix(name),
      emulatorUrl: e.url,
      runId: `run-${name}`,
      queries: QUERIES,
      outPrefix: join(dir, `${name}-`),
      maxCount: MAX_COUNT,
      leasePollMs: 50,
      ...extra,
    });
    const collect = async (input: CollectRound) =>
      (await pool.round(++round, input, ROUND_TIMEOUT)).filter((r): r is CollectResult => r !== null);
    const ids = (input: CollectRound) => committedIds(input.outPrefix, WORKERS, QUERIES.length);
    const use = (e: Emulator): EmulatorUse => emulatorUse(e.stats(), DEMO_CLIENT.clientKey);
    const ledger = (input: CollectRound, offsetMs = 0) =>
      new RedisQuotaLedger(redis.client, {
        prefix: input.prefix,
        clock: { now: () => Date.now() + offsetMs },
        ...(input.pools ? { pools: input.pools } : {}),
      }).state(CREDENTIAL_ID, "research");

    it("4 processes on one runId collect exactly what one process collects: no ID twice, each page once, one token", async () => {
      emulator.resetStats();
      const single = roundInput("single", emulator, { participants: [0] });
      const [alone] = await collect(single);
      expect(alone!.failures).toEqual([]);
      const one = use(emulator);
      const singleIds = ids(single);
      for (const [q, list] of singleIds.entries()) {
        expect(duplicates(list)).toBe(0);
        expect([...list].sort()).toEqual(truth[q]);
      }
      expect(one).toEqual({ research: pages, tokens: 1, quotaRequests: pages });

      emulator.resetStats();
      const shared = roundInput("shared", emulator);
      const results = await collect(shared);
      expect(results.flatMap((r) => r.failures)).toEqual([]);
      for (const [q, list] of ids(shared).entries()) {
        expect(duplicates(list)).toBe(0);
        expect([...list].sort()).toEqual([...singleIds[q]!].sort());
      }
      const four = use(emulator);
      expect(four.research).toBeLessThanOrEqual(Math.floor(one.research * 1.01));
      expect(results.reduce((n, r) => n + r.requests, 0)).toBe(four.research);
      // The work was shared, and one token served all four processes (single-flight in Redis).
      expect(results.filter((r) => r.committed > 0).length).toBeGreaterThan(1);
      expect(four.tokens).toBe(1);
      expect(results.reduce((n, r) => n + r.tokenRequests, 0)).toBe(1);
      const state = await ledger(shared);
      expect(state.requestsUsed).toBe(four.quotaRequests);
      expect(state.requestsUsed).toBeLessThanOrEqual(state.requestsLimit);
    });

    it("4 processes never pass the shared daily limit: all pause at exactly the limit, and finish the next day", async () => {
      emulator.resetStats();
      const limit = 60; // of the 97 requests the queries need
      const input = roundInput("quota", emulator, {
        pools: { research: { requests: limit, records: 1_000_000 } },
      });
      const paused = await collect(input);
      for (const result of paused) {
        expect(result.failures.length).toBeGreaterThan(0);
        for (const failure of result.failures) {
          expect(failure).toMatchObject({
            name: "QuotaExhaustedError",
            failureType: "quota",
            retryable: true,
          });
        }
      }
      expect(use(emulator)).toEqual({ research: limit, tokens: 1, quotaRequests: limit });
      expect((await ledger(input)).requestsUsed).toBe(limit);

      // The next UTC day (every worker's clock moved on): the run resumes from its checkpoints.
      const resumed = await collect({ ...input, clockOffsetMs: DAY });
      expect(resumed.flatMap((r) => r.failures)).toEqual([]);
      for (const [q, list] of ids(input).entries()) {
        expect(duplicates(list)).toBe(0);
        expect([...list].sort()).toEqual(truth[q]);
      }
      // Not one request more than a single uninterrupted run; one token refresh per day for all four.
      expect(use(emulator)).toEqual({ research: pages, tokens: 2, quotaRequests: pages });
      expect((await ledger(input, DAY)).requestsUsed).toBe(pages - limit);
    });

    /** Runs the shared collection on the slow emulator, disturbs Redis once it is under way, resumes until done. */
    async function disturbed(name: string, disturb: () => Promise<void>, extra: Partial<CollectRound> = {}) {
      slow.resetStats();
      const input = roundInput(name, slow, { leaseMs: 5_000, ...extra });
      const store = new RedisCheckpointStore(redis.client, { prefix: input.prefix });
      const started = ++round;
      pool.go(started, input);
      // Under way: several windows of the first query have checkpoints.
      while ((await redis.client.hlen(store.keys.checkpoints(`${input.runId}:0`))) < 6) {
        await new Promise((r) => setTimeout(r, 10));
      }
      await disturb();
      const first = (await pool.results(started, ROUND_TIMEOUT)).filter((r) => r !== null);
      const failures = first.flatMap((r) => r.failures);
      if (failures.length > 0) {
        // Every worker runs the same query with the same runId again: it completes from the checkpoints.
        const again = await collect(input);
        expect(again.flatMap((r) => r.failures)).toEqual([]);
      }
      return { input, failures, workersFailed: first.filter((r) => r.failures.length > 0).length };
    }

    /**
     * After a disturbed round and its resume: every query's IDs exactly (a page is committed twice only
     * when its checkpoint write was cut off), requests ≤ pages + failures, and the ledger agrees with
     * the platform's own count — over by at most one per worker that gave up (a reservation whose
     * reply the disturbance cut off, not sent again before the worker stopped).
     */
    async function expectExactResume(input: CollectRound, failures: number, workersFailed: number) {
      for (const [q, list] of ids(input).entries()) {
        expect(distinctSorted(list)).toEqual(truth[q]);
        expect(duplicates(list)).toBeLessThanOrEqual(failures * MAX_COUNT);
      }
      const spent = use(slow);
      expect(spent.research).toBeLessThanOrEqual(pages + failures);
      const used = (await ledger(input)).requestsUsed;
      expect(used).toBeGreaterThanOrEqual(spent.quotaRequests);
      expect(used).toBeLessThanOrEqual(spent.quotaRequests + workersFailed);
    }

    it("a Redis restart in the middle of a collection: ridden out or a retryable ArenaError; the resume is exact", async () => {
      const { input, failures, workersFailed } = await disturbed("restart", () => redis.server.restart());
      for (const failure of failures) {
        expect(failure.retryable).toBe(true);
        expect(failure.failureType).toBe("transient");
      }
      await expectExactResume(input, failures.length, workersFailed);
    });

    it("Redis away for longer than unavailableAfterMs: every worker stops with a retryable TransientError, the resume is exact", async () => {
      // Each Redis operation gives up after about 0.5 s; Redis stays away for 4 s, so each worker's
      // failing operation and the ones its collector tries on the way out (checkpoint, lease release)
      // have all failed before Redis is back.
      const { input, failures, workersFailed } = await disturbed(
        "outage",
        async () => {
          await redis.server.down({ crash: true });
          await new Promise((r) => setTimeout(r, 4_000));
          await redis.server.up();
        },
        { unavailableAfterMs: 300, commandTimeoutMs: 200 },
      );
      expect(workersFailed).toBe(WORKERS);
      // The outage did not make the collector split (and so re-collect) any window.
      const store = new RedisCheckpointStore(redis.client, { prefix: input.prefix });
      expect((await store.list(`${input.runId}:0`)).filter((c) => c.data?.splitInto)).toEqual([]);
      for (const failure of failures) {
        expect(failure).toMatchObject({
          name: "TransientError",
          code: "redis_unavailable",
          failureType: "transient",
          retryable: true,
        });
      }
      await expectExactResume(input, failures.length, workersFailed);
    });

    it("a worker killed with SIGKILL mid-window: another takes the window over when the lease lapses; the union is exact", async () => {
      slow.resetStats();
      const victim = WORKERS - 1;
      const input = roundInput("sigkill", slow, { leaseMs: 2_000 });
      const store = new RedisCheckpointStore(redis.client, { prefix: input.prefix });
      const runId = `${input.runId}:0`;
      const leases = store.keys.lease(runId, "");
      const started = ++round;
      pool.go(started, input);

      // Wait until the victim holds a window it has collected at least one page of, and is not done with.
      let partition: string | undefined;
      let pagesAtKill = 0;
      const deadline = Date.now() + 30_000;
      while (!partition && Date.now() < deadline) {
        for (const key of await redis.client.keys(`${leases}*`)) {
          if ((await redis.client.get(key)) !== `worker-${victim}`) continue;
          const checkpoint = await store.get(runId, key.slice(leases.length));
          if (checkpoint && !checkpoint.done && checkpoint.pages >= 1) {
            partition = checkpoint.partition;
            pagesAtKill = checkpoint.pages;
          }
        }
        if (!partition) await new Promise((r) => setTimeout(r, 5));
      }
      expect(partition).toBeDefined();
      pool.killOne(victim);
      const killedAt = Date.now();

      const survivors = await pool.results(started, ROUND_TIMEOUT, [0, 1, 2]);
      expect(survivors.flatMap((r) => r!.failures)).toEqual([]);
      // The window was finished by a survivor, from the victim's checkpoint on, after the lease lapsed.
      const finished = await store.get(runId, partition!);
      expect(finished).toMatchObject({ done: true });
      expect(finished!.pages).toBeGreaterThan(pagesAtKill);
      expect(Date.now() - killedAt).toBeGreaterThan(1_000);
      for (const [q, list] of ids(input).entries()) {
        expect(distinctSorted(list)).toEqual(truth[q]);
        // At most the page the victim wrote but could not checkpoint is there twice.
        expect(duplicates(list)).toBeLessThanOrEqual(MAX_COUNT);
      }
      const spent = use(slow);
      // At most the victim's last, unfinished request is sent again.
      expect(spent.research).toBeLessThanOrEqual(pages + 1);
      const used = (await ledger(input)).requestsUsed;
      expect(used).toBeGreaterThanOrEqual(spent.quotaRequests);
      expect(used).toBeLessThanOrEqual(spent.quotaRequests + 1); // reserved, killed before sending
    });
  },
);
