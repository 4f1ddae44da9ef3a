import { QuotaExhaustedError } from "@observatory/arena-core";
import { type BenchResult, isMain, printResult } from "../../../bench/bench-result.js";
import { createRedisPorts } from "../src/index.js";
import { findRedisServer, startRedisServer } from "../src/testing/index.js";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timeEach(count: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await op(i);
    times.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  return times.sort((a, b) => a - b);
}

/** Latency and throughput of the Redis adapters against a local redis-server (loopback). */
export async function run(): Promise<BenchResult> {
  const name = "arena-redis: Redis adapters on loopback";
  if (!findRedisServer())
    return { name, rows: [], notes: ["skipped: redis-server not found (REDIS_SERVER_BIN or PATH)"] };
  const server = await startRedisServer();
  const big = { research: { requests: 1_000_000, records: 100_000_000 } };
  const ports = createRedisPorts(server.url, { prefix: "bench:", pools: big });
  try {
    // Warm-up (connection, script load).
    for (let i = 0; i < 200; i++) await ports.quota.reserve("warm", "research");

    const reserve = await timeEach(2_000, () => ports.quota.reserve("seq", "research"));
    const reservation = await ports.quota.reserve("seq", "research");
    const release = await timeEach(1_000, () => ports.quota.release(reservation));
    const records = await timeEach(1_000, () => ports.quota.addRecords(reservation, 100));

    const concurrent = 64;
    const total = 20_000;
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        while (next++ < total) await ports.quota.reserve("par", "research");
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    // Exactly the limit under contention (one process, 64 callers; the cross-process test does 8 processes).
    const limited = createRedisPorts(ports.redis, { prefix: "bench-limit:" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1_600 }, () => limited.quota.reserve("app", "research")),
    );
    const granted = outcomes.filter((o) => o.status === "fulfilled").length;
    const refused = outcomes.filter(
      (o) => o.status === "rejected" && o.reason instanceof QuotaExhaustedError,
    ).length;
    await limited.close();

    await ports.tokenCache.set("app", { accessToken: "clt.bench-token", expiresAt: Date.now() + 3_600_000 });
    const opts = { minValidityMs: 600_000, now: Date.now() };
    const token = await timeEach(2_000, () =>
      ports.tokenCache.getOrRefresh("app", async () => ({ accessToken: "never", expiresAt: 0 }), opts),
    );
    const checkpoint = await timeEach(2_000, (i) =>
      ports.checkpoints.put({
        runId: "bench",
        partition: `p${i % 50}`,
        done: false,
        pages: i,
        records: i * 100,
        updatedAt: "",
      }),
    );

    return {
      name,
      rows: [
        { metric: "reserve p50", value: Math.round(percentile(reserve, 50)), unit: "µs" },
        {
          metric: "reserve p99",
          value: Math.round(percentile(reserve, 99)),
          unit: "µs",
          goal: "< 5,000 µs",
          pass: percentile(reserve, 99) < 5_000,
        },
        { metric: "release p50", value: Math.round(percentile(release, 50)), unit: "µs" },
        { metric: "addRecords p50", value: Math.round(percentile(records, 50)), unit: "µs" },
        {
          metric: `reserve throughput (${concurrent} concurrent callers, 1 process)`,
          value: Math.round(total / seconds),
          unit: "reservations/s",
          goal: "> 1,000/s (the whole research day in < 1 s)",
          pass: total / seconds > 1_000,
        },
        {
          metric: "granted of 1,600 concurrent reservations against 1,000",
          value: granted,
          goal: "exactly 1,000 (600 refused)",
          pass: granted === 1_000 && refused === 600,
        },
        { metric: "getOrRefresh (cached token) p50", value: Math.round(percentile(token, 50)), unit: "µs" },
        { metric: "checkpoint put p50", value: Math.round(percentile(checkpoint, 50)), unit: "µs" },
      ],
      notes: [
        "One process, redis-server 7 on 127.0.0.1, no persistence; latencies include the Lua script and one round trip.",
      ],
    };
  } finally {
    await ports.close();
    await server.stop();
  }
}

if (isMain(import.meta.url)) printResult(await run());
