/**
 * The output is the authority on what it holds: whatever the state store (the working folder's
 * `.observatory/`, or Redis) says, `observatory tiktok collect … --out f` never writes a record twice
 * into f and never reports "completed" while f lacks records. Each case ends exact with exit 0, or
 * with exit 2 and one line that names the file and the fix (and following that fix then gives an exact
 * file). Also: stdout is never resumed implicitly, and records dropped by `--language` are counted.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { type RedisServer, redisSkipReason, startRedisServer } from "@observatory/arena-redis/testing";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, type CliResult, cliEnv, runCli, startCli } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import {
  compare,
  grownTo,
  idsIn,
  idsOfText,
  killMidRun,
  lastLine,
  redisCli,
} from "./support/output-cases.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { truthFor } from "./support/truth.js";

const SINCE = "2026-08-01";
const UNTIL = "2026-10-01";
const TERMS = ["klima", "#dkpol", "valg"];
const QUERY = [...TERMS.flatMap((t) => ["--term", t]), "--since", SINCE, "--until", UNTIL];
const COLLECT = ["tiktok", "collect", ...QUERY];

let emulator: Emulator;
let truth: Set<string>;
const rows: ResultRow[] = [];

beforeAll(async () => {
  assertCliBuilt();
  // Latency gives a kill time to land mid-run.
  emulator = await startSuiteEmulator({
    latencyMs: 10,
    quota: { research: { requests: 1e6, records: 1e9 } },
  });
  truth = truthFor(emulator, { terms: TERMS, since: SINCE, until: UNTIL });
  expect(truth.size).toBeGreaterThan(500);
});

afterAll(async () => {
  await emulator?.close();
  const exact = rows.filter((r) => r.outcome === "exact").length;
  recordSection({
    section: "output-authority",
    summary: `${rows.length} cases where the output, its sidecar and the state store disagree: ${exact} end exact (exit 0), ${rows.length - exact} refuse with exit 2 naming the file and the fix, then end exact once the fix is followed; no duplicates, no gaps`,
    rows,
  });
});

/** The environment of a command run in `dir` (state in `dir/.observatory` unless REDIS_URL). */
const envIn = (dir: string, extra: Record<string, string> = {}) =>
  cliEnv(emulator.url, { HOME: dir, ...extra });

/**
 * Runs `args` until it stops failing for a transient reason (exit 1: e.g. Redis went away), at most 4
 * times. Exit 3 after Redis lost the day's quota counters (the ledger pauses rather than guess): the
 * researcher resets the ledger (`tiktok quota --reset`) and runs the command again.
 */
async function finish(
  name: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
) {
  let result = await runCli(name, args, options);
  for (let i = 1; (result.code === 1 || result.code === 3) && i < 4; i++) {
    if (result.code === 3) await runCli(`${name}-reset-${i}`, ["tiktok", "quota", "--reset"], options);
    result = await runCli(`${name}-${i}`, args, options);
  }
  return result;
}

/** The record of a case: exact, or refused with one line naming the file, and exact after the fix. */
function record(
  name: string,
  out: string,
  final: CliResult,
  extra: { refusal?: CliResult; note?: string } = {},
): void {
  const verdict = compare(idsIn(out), truth);
  rows.push({
    case: name,
    outcome: extra.refusal ? "exit 2, then exact after the fix" : "exact",
    ...(extra.refusal ? { "exit 2 line": lastLine(extra.refusal.stderr) } : {}),
    "final exit": final.code ?? -1,
    records: verdict.records,
    expected: truth.size,
    duplicates: verdict.duplicates,
    missing: verdict.missing,
  });
  expect(final.code, `${name}: ${final.stderr}`).toBe(0);
  expect(verdict, name).toEqual({ records: truth.size, duplicates: 0, missing: 0, extra: 0 });
}

function expectRefusal(name: string, result: CliResult, file: string): void {
  expect(result.code, `${name}: ${result.stderr}`).toBe(2);
  const line = lastLine(result.stderr);
  expect(line, name).toContain(file);
}

describe("files: the output is the authority on what it holds", () => {
  it("the same command from another working folder resumes the file, never appends it again", async () => {
    const root = artifactDir("other-folder");
    const [a, b, c] = ["a", "b", "c"].map((d) => join(root, d));
    for (const d of [a, b, c]) mkdirSync(d!);
    const out = join(root, "c.jsonl");
    const args = [...COLLECT, "--out", "../c.jsonl"];
    await killMidRun("other-folder-a", args, { cwd: a!, env: envIn(a!), watch: out });
    const fromB = await finish("other-folder-b", args, { cwd: b!, env: envIn(b!) });
    expect(compare(idsIn(out), truth), "after b").toEqual({
      records: truth.size,
      duplicates: 0,
      missing: 0,
      extra: 0,
    });
    // The run has completed: a third folder finds nothing left, and the file stays exact.
    const fromC = await finish("other-folder-c", args, { cwd: c!, env: envIn(c!) });
    expect(fromB.code, fromB.stderr).toBe(0);
    record("same command from another working folder (kill -9 in a/, resume in b/, again in c/)", out, fromC);
  });

  it("a deleted state directory: the file's sidecar carries the run on", async () => {
    const dir = artifactDir("state-deleted");
    const out = join(dir, "k.jsonl");
    const args = [...COLLECT, "--out", "k.jsonl"];
    await killMidRun("state-deleted-0", args, { cwd: dir, env: envIn(dir), watch: out });
    rmSync(join(dir, ".observatory"), { recursive: true, force: true });
    const final = await finish("state-deleted-1", args, { cwd: dir, env: envIn(dir) });
    record("state directory deleted after a kill -9", out, final);
  });

  it("sidecar deleted, file intact: refused naming the file; moving it aside starts a fresh, complete run", async () => {
    const dir = artifactDir("sidecar-deleted");
    const out = join(dir, "k.jsonl");
    const args = [...COLLECT, "--out", "k.jsonl"];
    await killMidRun("sidecar-deleted-0", args, { cwd: dir, env: envIn(dir), watch: out });
    rmSync(`${out}.resume.json`);
    const refusal = await runCli("sidecar-deleted-1", args, { cwd: dir, env: envIn(dir) });
    expectRefusal("sidecar deleted", refusal, out);
    renameSync(out, join(dir, "k.old.jsonl"));
    const final = await finish("sidecar-deleted-2", args, { cwd: dir, env: envIn(dir) });
    record("sidecar deleted, file intact", out, final, { refusal });
  });

  it("file truncated behind its sidecar: refused naming the file; the advised fix gives a complete run", async () => {
    const dir = artifactDir("truncated");
    const out = join(dir, "k.jsonl");
    const args = [...COLLECT, "--out", "k.jsonl"];
    await killMidRun("truncated-0", args, { cwd: dir, env: envIn(dir), watch: out, afterBytes: 1_500_000 });
    // Cut into the committed part (what the sidecar says the file holds), not only an unconfirmed tail.
    const { offset } = JSON.parse(readFileSync(`${out}.resume.json`, "utf8")) as { offset: number };
    expect(offset, "the kill landed after a committed page").toBeGreaterThan(0);
    truncateSync(out, Math.floor(offset / 2));
    const refusal = await runCli("truncated-1", args, { cwd: dir, env: envIn(dir) });
    expectRefusal("truncated", refusal, out);
    renameSync(out, join(dir, "k.old.jsonl"));
    renameSync(`${out}.resume.json`, join(dir, "k.old.jsonl.resume.json"));
    const final = await finish("truncated-2", args, { cwd: dir, env: envIn(dir) });
    record("file truncated behind its sidecar", out, final, { refusal });
  });

  it("file and sidecar moved aside after an interruption: the same command really starts over", async () => {
    const dir = artifactDir("moved-aside");
    const out = join(dir, "k.jsonl");
    const args = [...COLLECT, "--out", "k.jsonl"];
    await killMidRun("moved-aside-0", args, { cwd: dir, env: envIn(dir), watch: out });
    renameSync(out, join(dir, "k.old.jsonl"));
    renameSync(`${out}.resume.json`, join(dir, "k.old.jsonl.resume.json"));
    const final = await finish("moved-aside-1", args, { cwd: dir, env: envIn(dir) });
    record("file and sidecar moved aside after a kill -9", out, final);
  });

  it("file and sidecar moved aside after a completed run: the same command collects everything again", async () => {
    const dir = artifactDir("moved-aside-done");
    const out = join(dir, "k.jsonl");
    const args = [...COLLECT, "--out", "k.jsonl"];
    const first = await finish("moved-aside-done-0", args, { cwd: dir, env: envIn(dir) });
    expect(first.code, first.stderr).toBe(0);
    renameSync(out, join(dir, "k.old.jsonl"));
    renameSync(`${out}.resume.json`, join(dir, "k.old.jsonl.resume.json"));
    const final = await finish("moved-aside-done-1", args, { cwd: dir, env: envIn(dir) });
    record("file and sidecar moved aside after a completed run", out, final);
  });

  it("--out pointed at another run's file: refused naming the file, the file untouched", async () => {
    const dir = artifactDir("other-run");
    const out = join(dir, "k.jsonl");
    const first = await finish("other-run-0", [...COLLECT, "--out", "k.jsonl"], {
      cwd: dir,
      env: envIn(dir),
    });
    expect(first.code, first.stderr).toBe(0);
    const before = statSync(out).size;
    const other = ["tiktok", "collect", "--term", "fodbold", "--since", SINCE, "--until", UNTIL];
    const refusal = await runCli("other-run-1", [...other, "--out", "k.jsonl"], {
      cwd: dir,
      env: envIn(dir),
    });
    expectRefusal("another run's file", refusal, out);
    // Even with the other run's id: a different query is refused.
    const runId = /run id\s+(\S+)/.exec(first.stderr)?.[1] ?? "";
    const withId = await runCli("other-run-2", [...other, "--out", "k.jsonl", "--run-id", runId], {
      cwd: dir,
      env: envIn(dir),
    });
    expect(withId.code, withId.stderr).toBe(2);
    expect(statSync(out).size).toBe(before);
    record("--out pointed at another run's file", out, first, { refusal });
  });
});

describe.skipIf(redisSkipReason() !== undefined && process.env.CI !== "true")(
  "Redis: flushed, restarted empty or restored from an older snapshot",
  () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    const redisEnv = (dir: string) => envIn(dir, { REDIS_URL: redis.url });

    it("Redis flushed mid-run: the file's sidecar carries the run on", async () => {
      const dir = artifactDir("redis-flushed");
      const out = join(dir, "k.jsonl");
      const args = [...COLLECT, "--out", "k.jsonl"];
      redisCli(redis.port, "FLUSHALL");
      await killMidRun("redis-flushed-0", args, { cwd: dir, env: redisEnv(dir), watch: out });
      redisCli(redis.port, "FLUSHALL");
      const final = await finish("redis-flushed-1", args, { cwd: dir, env: redisEnv(dir) });
      record("Redis flushed after a kill -9", out, final);
    });

    it("Redis flushed under a running command", async () => {
      const dir = artifactDir("redis-flushed-live");
      const out = join(dir, "k.jsonl");
      const args = [...COLLECT, "--out", "k.jsonl"];
      redisCli(redis.port, "FLUSHALL");
      const cli = startCli("redis-flushed-live-0", args, { cwd: dir, env: redisEnv(dir) });
      expect(await grownTo(out, 1_200_000, cli.done), "the command was still running").toBe(true);
      redisCli(redis.port, "FLUSHALL");
      let final = await cli.done;
      if (final.code !== 0 || compare(idsIn(out), truth).missing > 0)
        final = await finish("redis-flushed-live-1", args, { cwd: dir, env: redisEnv(dir) });
      record("Redis flushed under a running command", out, final);
    });

    it("Redis restarted empty mid-run", async () => {
      const dir = artifactDir("redis-restarted");
      const out = join(dir, "k.jsonl");
      const args = [...COLLECT, "--out", "k.jsonl"];
      redisCli(redis.port, "FLUSHALL");
      const cli = startCli("redis-restarted-0", args, { cwd: dir, env: redisEnv(dir) });
      expect(await grownTo(out, 1_200_000, cli.done), "the command was still running").toBe(true);
      await redis.restart({ crash: true });
      await cli.done;
      const final = await finish("redis-restarted-1", args, { cwd: dir, env: redisEnv(dir) });
      record("Redis restarted empty under a running command", out, final);
    });

    it("Redis restored from an older snapshot mid-run", async () => {
      const dir = artifactDir("redis-snapshot");
      const out = join(dir, "k.jsonl");
      const args = [...COLLECT, "--out", "k.jsonl"];
      redisCli(redis.port, "FLUSHALL");
      const cli = startCli("redis-snapshot-0", args, { cwd: dir, env: redisEnv(dir) });
      expect(await grownTo(out, 600_000, cli.done), "the command was still running").toBe(true);
      // The snapshot: Redis's own dump of every key now, put back later over a Redis that moved on.
      const redisDir = redisCli(redis.port, "CONFIG", "GET", "dir").split("\n")[1]!;
      redisCli(redis.port, "SAVE");
      const snapshot = join(dir, "snapshot.rdb");
      renameSync(join(redisDir, "dump.rdb"), snapshot);
      expect(await grownTo(out, 1_500_000, cli.done), "the command was still running").toBe(true);
      cli.child.kill("SIGKILL");
      await cli.done;
      await redis.down({ crash: true });
      renameSync(snapshot, join(redisDir, "dump.rdb"));
      await redis.up();
      rmSync(join(redisDir, "dump.rdb"), { force: true });
      const final = await finish("redis-snapshot-1", args, { cwd: dir, env: redisEnv(dir) });
      record("Redis restored from an older snapshot after a kill -9", out, final);
    });
  },
);

describe("stdout is never resumed implicitly", () => {
  it("the README's `--max 500 > valg.jsonl`, run twice, gives 500 records both times", async () => {
    const dir = artifactDir("stdout-max");
    const args = [...COLLECT, "--max", "500"];
    const first = await runCli("stdout-max-0", args, { cwd: dir, env: envIn(dir) });
    const second = await runCli("stdout-max-1", args, { cwd: dir, env: envIn(dir) });
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    const a = idsOfText(first.stdout);
    const b = idsOfText(second.stdout);
    rows.push({
      case: "stdout --max 500 run twice",
      outcome: "exact",
      records: b.length,
      expected: a.length,
      duplicates: 0,
      missing: 0,
      "final exit": 0,
    });
    expect(a.length).toBe(500);
    expect(b).toEqual(a);
  });

  it("an interrupted stdout run, run again, is a fresh complete run", async () => {
    const dir = artifactDir("stdout-rerun");
    await killMidRun("stdout-rerun-0", COLLECT, { cwd: dir, env: envIn(dir) });
    const second = await runCli("stdout-rerun-1", COLLECT, { cwd: dir, env: envIn(dir) });
    expect(second.code, second.stderr).toBe(0);
    const verdict = compare(idsOfText(second.stdout), truth);
    rows.push({
      case: "stdout run killed, then run again",
      outcome: "exact",
      records: verdict.records,
      expected: truth.size,
      duplicates: verdict.duplicates,
      missing: verdict.missing,
      "final exit": 0,
    });
    expect(verdict).toEqual({ records: truth.size, duplicates: 0, missing: 0, extra: 0 });
  });
});

describe("stdout with --run-id", () => {
  it("an interrupted stdout run continues with the --run-id its summary printed", async () => {
    const dir = artifactDir("stdout-run-id");
    const cli = startCli("stdout-run-id-0", COLLECT, { cwd: dir, env: envIn(dir) });
    let bytes = 0;
    cli.child.stdout!.on("data", (chunk: string) => {
      bytes += chunk.length;
    });
    while (bytes < 600_000) await new Promise((resolve) => setTimeout(resolve, 5));
    cli.child.kill("SIGINT");
    const first = await cli.done;
    expect(first.code, first.stderr).toBe(130);
    const runId = /run id\s+(\S+)/.exec(first.stderr)?.[1] ?? "";
    expect(runId).not.toBe("");
    const second = await runCli("stdout-run-id-1", [...COLLECT, "--run-id", runId], {
      cwd: dir,
      env: envIn(dir),
    });
    expect(second.code, second.stderr).toBe(0);
    const a = idsOfText(first.stdout);
    const b = idsOfText(second.stdout);
    const union = compare([...new Set([...a, ...b])], truth);
    const repeated = b.filter((id) => a.includes(id)).length;
    rows.push({
      case: "stdout run interrupted (Ctrl-C), continued with --run-id",
      outcome: "exact",
      records: union.records,
      expected: truth.size,
      duplicates: repeated,
      missing: union.missing,
      "final exit": 0,
    });
    expect(union).toEqual({ records: truth.size, duplicates: 0, missing: 0, extra: 0 });
    // Ctrl-C stops after a checkpoint: nothing is written twice (a kill -9 may repeat one page).
    expect(repeated).toBe(0);
    expect(b.length).toBeLessThan(truth.size);
  });
});

describe("the language filter is visible", () => {
  it("records dropped by --language are counted per detected language, across a resume", async () => {
    const dir = artifactDir("language");
    const all = await runCli("language-all", [...COLLECT, "--out", "all.jsonl"], {
      cwd: dir,
      env: envIn(dir),
    });
    expect(all.code, all.stderr).toBe(0);
    const dropped: Record<string, number> = {};
    for (const line of readFileSync(join(dir, "all.jsonl"), "utf8").split("\n").filter(Boolean)) {
      const language = (JSON.parse(line) as { language: string | null }).language ?? "und";
      if (language !== "da") dropped[language] = (dropped[language] ?? 0) + 1;
    }
    const total = Object.values(dropped).reduce((n, v) => n + v, 0);
    expect(total).toBeGreaterThan(0);
    const args = [...COLLECT, "--language", "da", "--out", "da.jsonl"];
    await killMidRun("language-0", args, {
      cwd: dir,
      env: envIn(dir),
      watch: join(dir, "da.jsonl"),
      afterBytes: 1_000_000,
    });
    const final = await finish("language-1", args, { cwd: dir, env: envIn(dir) });
    expect(final.code, final.stderr).toBe(0);
    const line = final.stderr.split("\n").find((l) => /dropped by --language/.test(l)) ?? "";
    rows.push({
      case: "--language da, killed and resumed",
      outcome: "exact",
      "dropped line": line.trim(),
      "final exit": 0,
      records: idsIn(join(dir, "da.jsonl")).length,
      expected: 0,
      duplicates: 0,
      missing: 0,
    });
    expect(line).toContain(`dropped by --language`);
    for (const [language, n] of Object.entries(dropped))
      expect(line).toContain(`${n} detected as ${language}`);
    expect(line).toContain(`${total}`);
  });
});
