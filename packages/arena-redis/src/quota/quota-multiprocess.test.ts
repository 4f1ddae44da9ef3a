import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../../test-support/redis-fixture.js";
import { WorkerPool } from "../../test-support/workers.js";
import { redisSkipReason } from "../testing/index.js";
import { RedisQuotaLedger } from "./redis-quota-ledger.js";

const skip = redisSkipReason();

interface QuotaWorkerResult {
  granted: number;
  exhausted: number;
  other: string[];
}

describe.skipIf(skip)(`RedisQuotaLedger across 8 OS processes${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();
  const prefix = uniquePrefix("mp-quota");
  let pool: WorkerPool<QuotaWorkerResult>;

  beforeAll(async () => {
    pool = await WorkerPool.start<QuotaWorkerResult>("quota-worker.ts", 8, () => ({ url: redis.server.url, prefix }));
  });
  afterAll(() => pool?.kill());

  it.each([1, 2, 3, 4, 5])("grants exactly the 1,000 research requests of a day to 8 racing processes (run %i)", async (run) => {
    const credential = `shared-app-${run}`;
    // 8 × 200 = 1,600 concurrent attempts against a quota of 1,000.
    const results = await pool.round(run, { credential, attempts: 200 });

    expect(results.flatMap((r) => r.other)).toEqual([]);
    expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(1_000);
    expect(results.reduce((sum, r) => sum + r.exhausted, 0)).toBe(600);
    const state = await new RedisQuotaLedger(redis.client, { prefix }).state(credential, "research");
    expect(state.requestsUsed).toBe(1_000);
    expect(state.exhausted).toBe(true);
  });

  it("lets every worker process exit by itself once its ports are closed", async () => {
    expect(await pool.close()).toEqual(Array(8).fill(0));
  });
});
