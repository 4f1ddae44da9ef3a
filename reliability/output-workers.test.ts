/**
 * Many workers, one query, one Redis: processes started with the same `observatory tiktok collect`
 * query and their own `--out` share the run by default (no `--run-id`): no record lands in two files
 * and the union is exactly the query's videos. When Redis loses the run's state under them, no worker
 * collects into its file what it already holds, and a loss that could make two files overlap is
 * reported (exit 2 naming the problem and the fix) instead of collected twice; following the fix ends
 * with an exact union.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { type RedisServer, redisSkipReason, startRedisServer } from "@observatory/arena-redis/testing";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, type CliResult, cliEnv, runCli, startCli } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { idsIn, lastLine, redisCli } from "./support/output-cases.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { truthFor } from "./support/truth.js";

const SINCE = "2026-06-01";
const UNTIL = "2026-10-01";
const TERMS = ["klima", "#dkpol", "valg"];
const COLLECT = [
  "tiktok",
  "collect",
  ...TERMS.flatMap((t) => ["--term", t]),
  ...["--since", SINCE, "--until", UNTIL, "--window-days", "7"],
];

let emulator: Emulator;
let redis: RedisServer;
let truth: Set<string>;
const rows: ResultRow[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const inCI = process.env.CI === "true";

describe.skipIf(redisSkipReason() !== undefined && !inCI)("workers sharing one query through Redis", () => {
  beforeAll(async () => {
    assertCliBuilt();
    emulator = await startSuiteEmulator({
      latencyMs: 20,
      quota: { research: { requests: 1e6, records: 1e9 } },
    });
    redis = await startRedisServer();
    truth = truthFor(emulator, { terms: TERMS, since: SINCE, until: UNTIL });
    expect(truth.size).toBeGreaterThan(1000);
  });

  afterAll(async () => {
    await emulator?.close();
    await redis?.stop();
    const exact = rows.filter((r) => r["in two files"] === 0 && r.missing === 0).length;
    recordSection({
      section: "workers",
      summary: `${rows.length} runs of several workers with their own --out and one Redis, no --run-id: ${exact} with no record in two files and the union exactly the query's videos`,
      rows,
    });
  });

  /** Per file: records; across files: records in two files, and the union against the truth. */
  function tally(files: string[]) {
    const perFile = files.map((f) => idsIn(f));
    const seen = new Map<string, number>();
    for (const ids of perFile) for (const id of new Set(ids)) seen.set(id, (seen.get(id) ?? 0) + 1);
    const inTwo = [...seen.values()].filter((n) => n > 1).length;
    const withinFile = perFile.reduce((n, ids) => n + ids.length - new Set(ids).size, 0);
    const union = new Set(seen.keys());
    return {
      perFile: perFile.map((ids) => ids.length),
      inTwo,
      withinFile,
      union: union.size,
      missing: [...truth].filter((id) => !union.has(id)).length,
      extra: [...union].filter((id) => !truth.has(id)).length,
    };
  }

  async function workers(name: string, n: number, disturb?: (files: string[]) => Promise<void>) {
    redisCli(redis.port, "FLUSHALL");
    const dir = artifactDir(name);
    const files = Array.from({ length: n }, (_, i) => join(dir, `w${i}.jsonl`));
    const env = cliEnv(emulator.url, { HOME: dir, REDIS_URL: redis.url });
    const started = Date.now();
    const running = files.map((f, i) =>
      startCli(`${name}-w${i}`, [...COLLECT, "--out", f], { cwd: dir, env }),
    );
    if (disturb) await disturb(files);
    let results: CliResult[] = await Promise.all(running.map((r) => r.done));
    const firstExits = results.map((r) => r.code);
    const refusals: string[] = results.filter((r) => r.code === 2).map((r) => lastLine(r.stderr));
    const reports: string[] = results.map((r) => r.stderr);
    // Following the fix the refusal names: run the workers again, until each ends.
    for (let round = 0; round < 4 && results.some((r) => r.code !== 0); round++) {
      // Exit 3 after Redis lost the day's quota counters (the ledger pauses rather than guess): reset.
      if (results.some((r) => r.code === 3))
        await runCli(`${name}-reset-${round}`, ["tiktok", "quota", "--reset"], { cwd: dir, env });
      results = await Promise.all(
        files.map((f, i) =>
          results[i]!.code === 0
            ? Promise.resolve(results[i]!)
            : runCli(`${name}-w${i}-again-${round}`, [...COLLECT, "--out", f], { cwd: dir, env }),
        ),
      );
      refusals.push(...results.filter((r) => r.code === 2).map((r) => lastLine(r.stderr)));
      reports.push(...results.map((r) => r.stderr));
    }
    const t = tally(files);
    rows.push({
      case: name,
      workers: n,
      "records per file": t.perFile.join(" + "),
      "in two files": t.inTwo,
      "twice in one file": t.withinFile,
      union: t.union,
      expected: truth.size,
      missing: t.missing,
      "first exits": firstExits.join(","),
      ...(refusals.length ? { "exit 2 line": refusals[0]! } : {}),
      "final exits": results.map((r) => r.code).join(","),
      seconds: Math.round((Date.now() - started) / 100) / 10,
    });
    return { t, results, refusals, reports, firstExits };
  }

  for (const n of [2, 4]) {
    it(`${n} workers with their own files share the run: no record in two files, the union exact`, async () => {
      const { t, results } = await workers(`workers-${n}`, n);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      expect(t.perFile.filter((x) => x > 0).length, "every worker collected a share").toBe(n);
      expect({ inTwo: t.inTwo, withinFile: t.withinFile, missing: t.missing, extra: t.extra }).toEqual({
        inTwo: 0,
        withinFile: 0,
        missing: 0,
        extra: 0,
      });
    });
  }

  it("Redis flushed under 2 workers: detected and reported, never collected twice; the fix ends exact", async () => {
    const { t, results, refusals, reports, firstExits } = await workers(
      "workers-flushed",
      2,
      async (files) => {
        const grown = () => files.every((f) => existsSync(f) && statSync(f).size > 500_000);
        while (!grown()) await sleep(5);
        redisCli(redis.port, "FLUSHALL");
      },
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    // The loss is reported: by a worker that found the others had not given back their part yet
    // (exit 2), or, when all had by the time it started again, by the line saying so.
    expect(
      reports.some((text) => /lost the state of run|had lost run/.test(text)),
      `first exits ${firstExits.join(",")}`,
    ).toBe(true);
    for (const line of refusals) expect(line).toMatch(/lost the state of run/);
    expect({ inTwo: t.inTwo, withinFile: t.withinFile, missing: t.missing, extra: t.extra }).toEqual({
      inTwo: 0,
      withinFile: 0,
      missing: 0,
      extra: 0,
    });
  });
});
