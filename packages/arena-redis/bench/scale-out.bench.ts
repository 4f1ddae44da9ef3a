/**
 * Scale-out: 1, 2, 4 and 8 worker processes share one run (same query, same runId) through one Redis,
 * against one emulator that answers every request after ~300 ms like the real Research API. Measures
 * records/s, requests spent, requests per record, the quota ledger against the platform's own count,
 * and token requests; checks that the union of the workers' output is exactly the query's set.
 *
 * Run: `node --conditions=source --import tsx bench/scale-out.bench.ts`
 * (SCALE_OUT_WORKERS=1,2,4,8 and SCALE_OUT_LATENCY_MS=300 change the defaults).
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TermsQueryInput } from "@observatory/arena-core";
import { DEMO_CLIENT } from "@observatory/tiktok-emulator";
import { Redis } from "ioredis";
import { type BenchResult, isMain, printResult } from "../../../bench/bench-result.js";
import { resilientRedisOptions } from "../src/connection/create-redis-client.js";
import { RedisQuotaLedger } from "../src/quota/redis-quota-ledger.js";
import { findRedisServer, startRedisServer } from "../src/testing/index.js";
import { type CollectResult, type CollectRound, CREDENTIAL_ID } from "../test-support/collect-round.js";
import {
  committedIds,
  duplicates,
  type EmulatorStatsLike,
  emulatorUse,
} from "../test-support/collection-output.js";
import { WorkerPool } from "../test-support/workers.js";
import type { EmulatorProcessOptions, EmulatorRequest } from "./emulator-process.js";

const QUERY: TermsQueryInput = {
  terms: ["#dkpol", "klima", "valg"],
  since: "2026-05-01",
  until: "2026-11-01",
};
const WARM_UP: TermsQueryInput = { terms: ["#fyp"], since: "2026-04-01", until: "2026-04-08" };
const MAX_COUNT = 100;
const EMULATOR: EmulatorProcessOptions = {
  seed: 11,
  videos: 120_000, // 4× the default corpus: 27 weekly windows of 2 to 8 pages each
  latencyMs: Number(process.env.SCALE_OUT_LATENCY_MS ?? 300),
  now: Date.parse("2026-11-24T10:00:00Z"),
};
const WORKER_COUNTS = (process.env.SCALE_OUT_WORKERS ?? "1,2,4,8").split(",").map(Number);

/** The emulator child process and a request/answer over IPC. */
async function startEmulatorProcess(): Promise<{ url: string; ask: <T>(m: EmulatorRequest) => Promise<T> }> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL("./emulator-process.ts", import.meta.url)),
    [JSON.stringify(EMULATOR)],
    { execArgv: ["--conditions=source", "--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const next = <T>(type: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(message as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the emulator process exited (${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const { url } = await next<{ url: string }>("ready");
  return {
    url,
    ask: <T>(message: EmulatorRequest) => {
      const answer = message.type === "close" ? Promise.resolve() : next<T>(message.type);
      child.send(message);
      return answer as Promise<T>;
    },
  };
}

interface Measured {
  workers: number;
  seconds: number;
  /** CPU seconds of the worker processes and of the emulator process during the round. */
  workerCpu: number;
  emulatorCpu: number;
  records: number;
  exact: boolean;
  research: number;
  tokens: number;
  ledger: number;
  limit: number;
  platformCount: number;
  busyWorkers: number;
}

/**
 * Page times a run takes when `workers` take the windows in order, each the next free one as soon as
 * it is done with its last (how the collector's leases hand them out), every page taking one unit.
 */
export function windowBound(perWindow: readonly number[], workers: number): number {
  const freeAt = Array.from({ length: workers }, () => 0);
  for (const pages of perWindow) {
    const next = freeAt.indexOf(Math.min(...freeAt));
    freeAt[next]! += pages;
  }
  return Math.max(...freeAt);
}

export async function run(): Promise<BenchResult> {
  const name = "arena-redis: scale-out of one TikTok run over worker processes (Redis + emulator)";
  if (!findRedisServer())
    return { name, rows: [], notes: ["skipped: redis-server not found (REDIS_SERVER_BIN or PATH)"] };
  const redis = await startRedisServer({ persistence: "aof" });
  const client = new Redis(redis.url, resilientRedisOptions());
  const emulator = await startEmulatorProcess();
  const dir = mkdtempSync(join(tmpdir(), "arena-redis-scale-"));
  const measured: Measured[] = [];
  let perWindow: number[] = [];
  try {
    const truth = await emulator.ask<{ ids: string[]; perWindow: number[] }>({
      type: "truth",
      query: QUERY,
      maxCount: MAX_COUNT,
    });
    const expected = new Set(truth.ids);
    perWindow = truth.perWindow;
    for (const workers of WORKER_COUNTS) {
      const pool = await WorkerPool.start<CollectResult | null>("collector-worker.ts", workers, () => ({}));
      try {
        // Warm-up: every worker collects a small run of its own first, so that the measurement leaves
        // out process start-up and JIT warm-up (a real collection runs for hours).
        await pool.round(0, {
          redisUrl: redis.url,
          prefix: `warm-${workers}:`,
          emulatorUrl: emulator.url,
          runId: "warm-up",
          ownRuns: true,
          queries: [WARM_UP],
          outPrefix: join(dir, `warm${workers}-`),
          maxCount: MAX_COUNT,
        } satisfies CollectRound);
        await emulator.ask({ type: "reset" });
        const before = await emulator.ask<{ cpu: NodeJS.CpuUsage }>({ type: "stats" });
        const input: CollectRound = {
          redisUrl: redis.url,
          prefix: `scale-${workers}:`,
          emulatorUrl: emulator.url,
          runId: `scale-out-${workers}`,
          queries: [QUERY],
          outPrefix: join(dir, `w${workers}-`),
          maxCount: MAX_COUNT,
          leasePollMs: 250,
        };
        const started = performance.now();
        const results = (await pool.round(1, input, 600_000)).filter((r) => r !== null);
        const seconds = (performance.now() - started) / 1000;
        const failures = results.flatMap((r) => r.failures);
        if (failures.length) throw new Error(`workers failed: ${JSON.stringify(failures)}`);
        const [ids = []] = committedIds(input.outPrefix, workers, 1);
        const { stats, cpu } = await emulator.ask<{ stats: EmulatorStatsLike; cpu: NodeJS.CpuUsage }>({
          type: "stats",
        });
        const use = emulatorUse(stats, DEMO_CLIENT.clientKey);
        const state = await new RedisQuotaLedger(client, { prefix: input.prefix }).state(
          CREDENTIAL_ID,
          "research",
        );
        measured.push({
          workers,
          seconds,
          workerCpu: results.reduce((n, r) => n + r.cpuMs, 0) / 1000,
          emulatorCpu: (cpu.user + cpu.system - before.cpu.user - before.cpu.system) / 1e6,
          records: new Set(ids).size,
          exact: duplicates(ids) === 0 && ids.length === expected.size && ids.every((id) => expected.has(id)),
          research: use.research,
          tokens: use.tokens,
          ledger: state.requestsUsed,
          limit: state.requestsLimit,
          platformCount: use.quotaRequests,
          busyWorkers: results.filter((r) => r.committed > 0).length,
        });
      } finally {
        await pool.close();
      }
    }
  } finally {
    await emulator.ask({ type: "close" });
    client.disconnect();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const pages = perWindow.reduce((a, b) => a + b, 0);
  const base = measured[0]!;
  const rows: BenchResult["rows"] = measured.flatMap((m) => {
    const rate = m.records / m.seconds;
    const speedUp = rate / (base.records / base.seconds);
    const bound = windowBound(perWindow, base.workers) / windowBound(perWindow, m.workers);
    return [
      {
        metric: `${m.workers} worker(s): records/s (speed-up vs ${base.workers})`,
        value: `${Math.round(rate)} (×${speedUp.toFixed(2)})`,
        unit: "records/s",
        goal: m.workers > base.workers ? `speed-up ≥ 60 % of the windows' bound ×${bound.toFixed(2)}` : "",
        ...(m.workers > base.workers ? { pass: speedUp >= 0.6 * bound } : {}),
      },
      {
        metric: `${m.workers} worker(s): requests spent, requests per record`,
        value: `${m.research}, ${(m.research / m.records).toFixed(4)}`,
        goal: `= ${pages} (each page once), exact set`,
        pass: m.exact && m.research <= pages * 1.01,
      },
      {
        metric: `${m.workers} worker(s): quota ledger vs platform count (limit)`,
        value: `${m.ledger} vs ${m.platformCount} (${m.limit})`,
        goal: "equal, ≤ limit",
        pass: m.ledger === m.platformCount && m.ledger <= m.limit,
      },
      {
        metric: `${m.workers} worker(s): token requests`,
        value: m.tokens,
        goal: "1",
        pass: m.tokens === 1,
      },
    ];
  });
  return {
    name,
    rows,
    notes: [
      `Query ${JSON.stringify(QUERY)}: ${base.records} records in ${base.research} pages of ≤ ${MAX_COUNT} (27 weekly windows), ` +
        `emulator (${EMULATOR.videos} videos) in its own process answering after ${EMULATOR.latencyMs} ms, redis-server 7 (append-only file) on loopback.`,
      `Wall time per configuration (from "go" to the last worker's end), CPU of the workers + the emulator: ${measured
        .map(
          (m) =>
            `${m.workers}: ${m.seconds.toFixed(1)} s, ${m.workerCpu.toFixed(1)} + ${m.emulatorCpu.toFixed(1)} CPU-s (${m.busyWorkers} busy)`,
        )
        .join("; ")}.`,
      `A window's pages are sequential (each needs the previous cursor): handing out the windows in order, ${WORKER_COUNTS.map((n) => `${n} workers need ${windowBound(perWindow, n)}`).join(", ")} page times, so the windows bound the speed-up at ${WORKER_COUNTS.map((n) => `×${(windowBound(perWindow, base.workers) / windowBound(perWindow, n)).toFixed(2)}`).join(", ")}.`,
    ],
  };
}

if (isMain(import.meta.url)) printResult(await run());
