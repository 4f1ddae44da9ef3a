import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
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
import {
  type EmulatorFixture,
  MovableClock,
  startEmulatorFixture,
} from "../test-support/emulator-fixture.js";

const QUERY = ["--term", "klima", "--term", "#dkpol", "--since", "2026-09-01", "--until", "2026-11-01"];
/**
 * Rounds whose kill must land mid-collection; a round whose run finished before its kill still checks
 * the output. Ten here (the CLI issue's acceptance; CLI_KILL_ROUNDS for more); the reliability suite
 * (`pnpm test:reliability`, also in CI) kills the same command 20+ times at random moments.
 */
const KILL_ROUNDS = Number(process.env.CLI_KILL_ROUNDS ?? 10);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seeded, so a failing round can be replayed: set CLI_KILL_SEED to the seed the failure printed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expectSameRecords(actual: string[], expected: string[], context: string): void {
  const duplicates = actual.filter((id, i) => actual.indexOf(id) !== i);
  expect(duplicates, `${context}: duplicated IDs`).toEqual([]);
  const missing = expected.filter((id) => !actual.includes(id));
  expect(missing, `${context}: lost IDs`).toEqual([]);
  const extra = actual.filter((id) => !expected.includes(id));
  expect(extra, `${context}: unexpected IDs`).toEqual([]);
  expect(actual.length).toBe(expected.length);
}

describe("resume: exactly once after kill -9, Ctrl-C and a spent quota", () => {
  let fixture: EmulatorFixture;
  let reference: string[] = [];
  const work = tempDir();
  const env = (extra: Record<string, string | undefined> = {}) =>
    cleanEnv(fixture.env({ TIKTOK_DAILY_REQUESTS: "100000", ...extra }));

  /** How long the reference run collected (first page to exit): kills land at random moments within it. */
  let collectMs = 0;

  beforeAll(async () => {
    assertBuilt();
    // Latency gives the kills time to land mid-run (between requests, mid-page, mid-write).
    fixture = await startEmulatorFixture({ latencyMs: 40, quota: { research: { requests: 100_000 } } });
    const cli = startCli(["tiktok", "collect", ...QUERY, "--out", "reference.jsonl"], {
      cwd: work.dir,
      env: env(),
    });
    await cli.waitForStderr(/progress: /);
    const firstPage = Date.now();
    const result = await cli.done;
    collectMs = Date.now() - firstPage;
    expect(result.code, result.stderr).toBe(0);
    reference = idsOf(readJsonl(join(work.dir, "reference.jsonl")));
    expect(reference.length).toBeGreaterThan(300);
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it(`kill -9 at random moments, then resume: the uninterrupted run's records exactly (${KILL_ROUNDS} rounds)`, async () => {
    const seed = Number(process.env.CLI_KILL_SEED ?? Date.now() % 1_000_000);
    const random = rng(seed);
    let killedMidRun = 0;
    let replays = 0;
    for (let round = 0; killedMidRun < KILL_ROUNDS && round < 2 * KILL_ROUNDS; round++) {
      const format = round % 4 === 3 ? "csv" : "jsonl";
      const out = `killed-${round}.${format}`;
      const path = join(work.dir, out);
      const args = ["tiktok", "collect", ...QUERY, "--out", out, "--format", format];
      const readIds = () =>
        format === "jsonl" ? idsOf(readJsonl(path)) : csvIds(readFileSync(path, "utf8"));
      const context = `round ${round} (CLI_KILL_SEED=${seed}, ${format})`;
      const kills = 1 + Math.floor(random() * 2);
      for (let k = 0; k < kills; k++) {
        const cli = startCli(args, { cwd: work.dir, env: env() });
        // Once collecting (the first page is written), kill at a random moment of the rest of the run.
        await cli.waitForStderr(/progress: |status/);
        await sleep(random() * collectMs * 0.8);
        const running = cli.child.exitCode === null;
        cli.child.kill("SIGKILL");
        const killed = await cli.done;
        if (running && killed.signal === "SIGKILL" && k === 0) {
          // Whatever the moment, what is in the file up to its checkpoint is never torn or duplicated.
          const { offset } = JSON.parse(readFileSync(`${path}.resume.json`, "utf8")) as { offset: number };
          const confirmed = readFileSync(path).subarray(0, offset).toString("utf8");
          const partial =
            format === "jsonl"
              ? confirmed
                  .split("\n")
                  .filter(Boolean)
                  .map((l) => String(JSON.parse(l).platform_id))
              : csvIds(confirmed);
          expect(new Set(partial).size, context).toBe(partial.length);
          if (partial.length < reference.length) killedMidRun++;
        }
      }
      const resumed = await runCliProcess(args, { cwd: work.dir, env: env() });
      expect(resumed.code, `${context}: ${resumed.stderr}`).toBe(0);
      if (/^replayed\s+\d/m.test(resumed.stderr)) replays++;
      expectSameRecords(readIds(), reference, context);
    }
    // The kills really interrupted collections (not processes that had already finished).
    expect(killedMidRun).toBe(KILL_ROUNDS);
    console.info(
      `kill -9: ${KILL_ROUNDS} mid-run kills (CLI_KILL_SEED=${seed}); ${replays} resume(s) skipped a replayed page`,
    );
  }, 900_000);

  it("Ctrl-C stops after a checkpoint with exit 130 and says how to resume; the resume completes exactly", async () => {
    const args = ["tiktok", "collect", ...QUERY, "--out", "interrupted.jsonl"];
    const cli = startCli(args, { cwd: work.dir, env: env() });
    await cli.waitForStderr(/progress: /);
    cli.child.kill("SIGINT");
    const stopped = await cli.done;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/stopping after the current page/);
    expect(stopped.stderr).toMatch(/INTERRUPTED/);
    expect(stopped.stderr).toMatch(/resume\s+observatory tiktok collect .*--run-id tiktok-terms-/);
    const partial = idsOf(readJsonl(join(work.dir, "interrupted.jsonl")));
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(reference.length);

    const resumed = await runCliProcess(args, { cwd: work.dir, env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/resuming run/);
    expectSameRecords(idsOf(readJsonl(join(work.dir, "interrupted.jsonl"))), reference, "after Ctrl-C");
  });

  it("a second Ctrl-C quits at once (exit 130); the resume still completes exactly", async () => {
    const args = ["tiktok", "collect", ...QUERY, "--out", "twice.jsonl"];
    const cli = startCli(args, { cwd: work.dir, env: env() });
    await cli.waitForStderr(/progress: /);
    cli.child.kill("SIGINT");
    await cli.waitForStderr(/stopping after the current page/);
    cli.child.kill("SIGINT");
    const stopped = await cli.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/quitting at once/);
    const resumed = await runCliProcess(args, { cwd: work.dir, env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expectSameRecords(idsOf(readJsonl(join(work.dir, "twice.jsonl"))), reference, "after two Ctrl-C");
  });

  it("a spent quota pauses with exit 3; after UTC midnight the resume completes with the exact record set", async () => {
    const clock = new MovableClock();
    const tiny = await startEmulatorFixture({ clock, quota: { research: { requests: 8 } } });
    const tinyEnv = cleanEnv(tiny.env({ OBSERVATORY_STATE_DIR: join(work.dir, "quota-state") }));
    const args = ["tiktok", "collect", ...QUERY, "--out", "paused.jsonl"];
    try {
      const first = await runCliProcess(args, { cwd: work.dir, env: tinyEnv });
      expect(first.code, first.stderr).toBe(3);
      expect(first.stderr).toMatch(/PAUSED: the daily quota is spent/);
      expect(first.stderr).toMatch(
        /resume\s+after 20\d\d-\d\d-\d\dT00:00:00\.000Z: observatory tiktok collect/,
      );
      const partial = idsOf(readJsonl(join(work.dir, "paused.jsonl")));
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(reference.length);

      // Before midnight the resume pauses again at once, without sending a request.
      const tooEarly = await runCliProcess(args, { cwd: work.dir, env: tinyEnv });
      expect(tooEarly.code).toBe(3);

      let last = first;
      for (let day = 0; day < 10 && last.code === 3; day++) {
        clock.pastMidnight();
        // The command's own ledger runs on the real clock: tell it the day (quota) changed.
        const reset = await runCliProcess(["tiktok", "quota", "--reset"], { cwd: work.dir, env: tinyEnv });
        expect(reset.code, reset.stderr).toBe(0);
        last = await runCliProcess(args, { cwd: work.dir, env: tinyEnv });
      }
      expect(last.code, last.stderr).toBe(0);
      expectSameRecords(idsOf(readJsonl(join(work.dir, "paused.jsonl"))), reference, "after quota pauses");
    } finally {
      await tiny.close();
    }
  });
});

describe("a window that fails on every retry", () => {
  const work = tempDir();
  afterAll(() => work.cleanup());

  it("is given up: exit 1, the summary names it and how to resume; the resume collects it exactly once", async () => {
    const fixture = await startEmulatorFixture({
      faults: { persistentErrorWindows: [{ start: "2026-09-03", end: "2026-09-03", maxDays: 0 }] },
    });
    const clean = await startEmulatorFixture();
    try {
      const env = cleanEnv(fixture.env());
      const args = ["tiktok", "collect", "--term", "klima", "--since", "2026-09-01", "--until", "2026-09-03"];
      const reference = await runCliProcess([...args, "--out", "reference.jsonl"], {
        cwd: work.dir,
        env: cleanEnv(clean.env()),
      });
      expect(reference.code, reference.stderr).toBe(0);
      const expected = idsOf(readJsonl(join(work.dir, "reference.jsonl")));
      const run = [...args, "--window-days", "1", "--out", "gaps.jsonl"];
      const first = await runCliProcess(run, { cwd: work.dir, env });
      expect(first.code, first.stderr).toBe(1);
      expect(first.stderr).toMatch(/INCOMPLETE: some windows failed on every attempt/);
      expect(first.stderr).toMatch(/windows\s+1\/2 done; given up: terms 2026-09-02\.\.2026-09-03$/m);
      expect(first.stderr).toMatch(/resume\s+observatory tiktok collect .*--run-id tiktok-terms-/);
      const partial = idsOf(readJsonl(join(work.dir, "gaps.jsonl")));
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(expected.length);

      fixture.emulator.setFaults({});
      const resumed = await runCliProcess(run, { cwd: work.dir, env });
      expect(resumed.code, resumed.stderr).toBe(0);
      expectSameRecords(idsOf(readJsonl(join(work.dir, "gaps.jsonl"))), expected, "after a given-up window");
    } finally {
      await fixture.close();
      await clean.close();
    }
  });
});

function csvIds(text: string): string[] {
  const rows: string[][] = parse(text);
  expect(rows[0]?.slice(0, 3)).toEqual(["platform", "arena", "platform_id"]);
  // The header exactly once, at the top.
  expect(rows.slice(1).filter((row) => row[0] === "platform")).toEqual([]);
  return rows.slice(1).map((row) => row[2]!);
}
