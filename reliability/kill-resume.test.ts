/**
 * kill -9 and resume: the built `observatory tiktok collect … --out f --run-id r` against an emulator
 * with latency is killed with SIGKILL at random moments (from process start: during startup, the token
 * request, a page in flight, a write, a checkpoint), then the same command is run again until it exits
 * 0. The output must hold the uninterrupted run's records: the same set, no line twice, no ID twice.
 * Replay a failure with RELIABILITY_SEED=<the seed it printed>.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, cliEnv, runCli, startCli } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { seededRandom, suiteSeed } from "./support/random.js";
import { type ResultRow, recordSection } from "./support/results.js";

const ROUNDS = 20;
const CONCURRENCY = 3;
const QUERY = [
  ...["--term", "klima", "--term", "#dkpol", "--term", "valg"],
  ...["--since", "2026-08-01", "--until", "2026-10-01"],
];

/** Fields that differ between two uninterrupted runs (the time of collection, the API's search and log ids). */
const VOLATILE = ["collected_at"];
const VOLATILE_METADATA = ["search_id", "log_id", "engagement_collected_at", "request_fingerprint"];

function normalise(line: string): string {
  const record = JSON.parse(line) as Record<string, unknown> & { raw_metadata: Record<string, unknown> };
  for (const key of VOLATILE) delete record[key];
  for (const key of VOLATILE_METADATA) delete record.raw_metadata[key];
  return JSON.stringify(record);
}

function readLines(path: string): string[] {
  const text = readFileSync(path, "utf8");
  if (text === "") return [];
  expect(text.endsWith("\n"), `${path} ends in a torn line`).toBe(true);
  return text.slice(0, -1).split("\n");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : -1);

/** Resolves once the file has grown past `size` (the command has written records). */
async function waitForGrowth(path: string, size: number): Promise<void> {
  while (sizeOf(path) <= Math.max(0, size)) await sleep(5);
}

let emulator: Emulator;
let reference: Set<string>;
let referenceCount = 0;
let referenceMs = 0;
let firstRecordMs = 0;
const seed = suiteSeed();
const rows: ResultRow[] = [];

beforeAll(async () => {
  assertCliBuilt();
  // Latency gives the kills time to land while a page is in flight.
  emulator = await startSuiteEmulator({
    latencyMs: 25,
    quota: { research: { requests: 1e6, records: 1e9 } },
  });
  const dir = artifactDir("kill-reference");
  const started = Date.now();
  const cli = startCli("kill-reference", ["tiktok", "collect", ...QUERY, "--out", "ref.jsonl"], {
    cwd: dir,
    env: cliEnv(emulator.url, { OBSERVATORY_STATE_DIR: join(dir, "state"), HOME: dir }),
  });
  // When the first record reached the file: the kills aim at the collection, not only the startup.
  const poll = setInterval(() => {
    if (
      firstRecordMs === 0 &&
      existsSync(join(dir, "ref.jsonl")) &&
      statSync(join(dir, "ref.jsonl")).size > 0
    )
      firstRecordMs = Date.now() - started;
  }, 10);
  const result = await cli.done;
  clearInterval(poll);
  referenceMs = Date.now() - started;
  if (firstRecordMs === 0) firstRecordMs = referenceMs / 2;
  expect(result.code, result.stderr).toBe(0);
  const lines = readLines(join(dir, "ref.jsonl"));
  referenceCount = lines.length;
  reference = new Set(lines.map(normalise));
  expect(reference.size).toBe(lines.length);
  expect(referenceCount).toBeGreaterThan(500);
});

afterAll(async () => {
  await emulator?.close();
  const killed = rows.reduce((n, r) => n + Number(r.kills), 0);
  const midRun = rows.filter((r) => Number(r["records when first killed"]) > 0).length;
  const early = rows.filter((r) => r["records when first killed"] === 0).length;
  recordSection({
    section: "kill-resume",
    summary: `${rows.length} rounds, ${killed} SIGKILLs (seed ${seed}); every output identical to the uninterrupted run's ${referenceCount} records (first kill: ${midRun} rounds mid-collection, ${early} before the first record, the rest after the run had finished)`,
    rows,
  });
});

async function round(index: number, random: () => number): Promise<ResultRow> {
  const dir = artifactDir(`kill-${index}`);
  const out = join(dir, "out.jsonl");
  const args = ["tiktok", "collect", ...QUERY, "--out", "out.jsonl", "--run-id", `kill-${index}`];
  const env = cliEnv(emulator.url, { OBSERVATORY_STATE_DIR: join(dir, "state"), HOME: dir });
  const kills = 1 + Math.floor(random() * 3);
  const moments: number[] = [];
  let firstKilledAt: number | undefined;
  for (let k = 0; k < kills; k++) {
    const sizeBefore = sizeOf(out);
    const cli = startCli(`kill-${index}-${k}`, args, { cwd: dir, env });
    const started = Date.now();
    if (random() < 0.25) {
      // Anywhere from the start: the startup, the token request, the first page.
      await Promise.race([sleep(random() * 1.5 * firstRecordMs), cli.done]);
    } else {
      // While collecting, however slow this machine is today: once records are being written, at a
      // random moment of the rest of a run (three commands run at once here, so each takes longer).
      await Promise.race([waitForGrowth(out, sizeBefore), cli.done]);
      await Promise.race([sleep(random() * 1.3 * (referenceMs - firstRecordMs)), cli.done]);
    }
    moments.push(Date.now() - started);
    cli.child.kill("SIGKILL");
    const result = await cli.done;
    if (result.signal === "SIGKILL" && k === 0) {
      try {
        firstKilledAt = readLines(out).length;
      } catch {
        firstKilledAt = 0;
      }
    }
  }
  let runs = 0;
  let last = await runCli(`kill-${index}-resume-${runs}`, args, { cwd: dir, env });
  for (runs = 1; last.code !== 0 && runs < 5; runs++) {
    last = await runCli(`kill-${index}-resume-${runs}`, args, { cwd: dir, env });
  }
  const context = `round ${index} (RELIABILITY_SEED=${seed})`;
  expect(last.code, `${context}: ${last.stderr}`).toBe(0);
  const lines = readLines(out);
  const normalised = lines.map(normalise);
  const unique = new Set(normalised);
  const ids = lines.map((l) => (JSON.parse(l) as { platform_id: string }).platform_id);
  expect(new Set(lines).size, `${context}: a line twice`).toBe(lines.length);
  expect(new Set(ids).size, `${context}: an ID twice`).toBe(ids.length);
  expect(unique.size, `${context}: duplicate records`).toBe(lines.length);
  const missing = [...reference].filter((r) => !unique.has(r)).length;
  const extra = [...unique].filter((r) => !reference.has(r)).length;
  expect({ missing, extra }, context).toEqual({ missing: 0, extra: 0 });
  return {
    round: index,
    kills,
    "kill moments (ms after start)": moments.join(", "),
    "records when first killed":
      firstKilledAt === undefined || firstKilledAt >= referenceCount ? "–" : firstKilledAt,
    "resume runs": runs,
    records: lines.length,
    identical: true,
  };
}

describe(`kill -9 at random moments and resume (${ROUNDS} rounds)`, () => {
  it("every resumed output equals the uninterrupted run's (as a set, no duplicate lines)", async () => {
    const random = seededRandom(seed);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ROUNDS) {
          const index = next++;
          rows.push(await round(index, random));
        }
      }),
    );
    rows.sort((a, b) => Number(a.round) - Number(b.round));
    expect(rows).toHaveLength(ROUNDS);
    // The kills really interrupted collections (not only startups or processes that had finished).
    expect(rows.filter((r) => Number(r["records when first killed"]) > 0).length).toBeGreaterThanOrEqual(
      ROUNDS / 4,
    );
  }, 600_000);
});
