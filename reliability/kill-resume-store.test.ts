/**
 * kill -9 and resume into the store (`--db`): the built `observatory tiktok collect … --db` is killed
 * with SIGKILL at random moments (PGlite's start, a page in flight, a page's transaction) and run
 * again until it exits 0 — half of the resumes from another working folder (the store named by its
 * absolute path or URL). The store must then hold exactly the uninterrupted run's records: the same
 * set, one row each, one snapshot each. On an embedded PGlite directory and on a PostgreSQL server
 * this suite starts; and with the server stopped and started again in the middle of a run. A second
 * process on a PGlite directory that is in use gets a clear error.
 * Replay a failure with RELIABILITY_SEED=<the seed it printed>.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type RecordStore } from "@observatory/store-postgres";
import {
  type PostgresServer,
  postgresSkipReason,
  startPostgresServer,
} from "@observatory/store-postgres/testing";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, cliEnv, type RunningCli, runCli, startCli } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { seededRandom, suiteSeed } from "./support/random.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { SUITE_CLIENT, SUITE_SALT } from "./support/suite-client.js";

const ROUNDS = 20;
const CONCURRENCY = 3;
// Fixed weekly windows: more pages (each a transaction with its checkpoint) for the kills to land in
// than the adaptive default's few wide windows, now that PGlite's first open takes longer.
const QUERY = [
  ...["--term", "klima", "--term", "#dkpol", "--since", "2026-09-01", "--until", "2026-10-15"],
  ...["--fixed-windows", "--window-days", "7"],
  // NDJSON progress on stderr: the kills wait for the first progress event (collectionUnderWay).
  ...["--progress", "json"],
];
const VOLATILE_METADATA = ["search_id", "log_id", "engagement_collected_at", "request_fingerprint"];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A record without what differs between two uninterrupted runs; keys sorted (jsonb orders them its own way). */
function normalise(record: Record<string, unknown>): string {
  const { collected_at: _c, raw_metadata, ...rest } = record;
  const meta = { ...(raw_metadata as Record<string, unknown>) };
  for (const key of VOLATILE_METADATA) delete meta[key];
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value as object)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  return JSON.stringify(sorted({ ...rest, raw_metadata: meta }));
}

/** What the store holds: normalised records, rows, snapshots. */
async function contents(
  location: string,
): Promise<{ records: Set<string>; rows: number; snapshots: number }> {
  const store = await openStore(location);
  try {
    const records = new Set<string>();
    let rows = 0;
    for await (const record of store.exportRecords("content_records")) {
      rows++;
      records.add(normalise(record as Record<string, unknown>));
    }
    const snaps = await store.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM engagement_snapshots");
    return { records, rows, snapshots: Number(snaps.rows[0]!.n) };
  } finally {
    await store.close();
  }
}

async function countRecords(location: string): Promise<number> {
  let store: RecordStore | undefined;
  try {
    store = await openStore(location);
    const { rows } = await store.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM content_records");
    return Number(rows[0]!.n);
  } catch {
    return 0;
  } finally {
    await store?.close();
  }
}

/**
 * Resolves at the command's first progress event (`--progress json` on stderr): the store is open and
 * migrated, the run registered and its first page asked for — the collection is under way. (A new
 * PGlite store's files appear before that: initdb runs in a child process, the open and the
 * migrations after it.)
 */
function collectionUnderWay(cli: RunningCli): Promise<void> {
  return new Promise((resolve) => {
    let seen = "";
    const onData = (chunk: string) => {
      seen += chunk;
      if (seen.includes('"event":"progress"')) {
        cli.child.stderr?.off("data", onData);
        resolve();
      }
    };
    cli.child.stderr?.on("data", onData);
    void cli.done.then(() => resolve());
  });
}

let emulator: Emulator;
let reference: Set<string>;
let referenceMs = 0;
/** The uninterrupted run's time from its first progress event to its end: the pages and their transactions. */
let collectingMs = 0;
let server: PostgresServer | undefined;
const seed = suiteSeed();
const rows: ResultRow[] = [];
const skip = postgresSkipReason();
const scratch: string[] = [];

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startSuiteEmulator({
    latencyMs: 25,
    quota: { research: { requests: 1e6, records: 1e9 } },
  });
  if (!skip) server = await startPostgresServer();
  // The uninterrupted run, into a PGlite directory kept in the artefacts (the secret scan reads it).
  const dir = artifactDir("store-reference");
  const started = Date.now();
  const cli = startCli("store-reference", ["tiktok", "collect", ...QUERY, "--db", "ref.db"], {
    cwd: dir,
    env: cliEnv(emulator.url, { OBSERVATORY_STATE_DIR: join(dir, "state"), HOME: dir }),
  });
  await collectionUnderWay(cli);
  const underWay = Date.now();
  const result = await cli.done;
  referenceMs = Date.now() - started;
  collectingMs = Date.now() - underWay;
  expect(result.code, result.stderr).toBe(0);
  const ref = await contents(join(dir, "ref.db"));
  reference = ref.records;
  expect(ref.rows).toBe(reference.size);
  expect(reference.size).toBeGreaterThan(200);
}, 300_000);

afterAll(async () => {
  await emulator?.close();
  await server?.stop();
  for (const dir of scratch) await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); // a killed command's initdb child may still be writing
  const kills = rows.reduce((n, r) => n + Number(r.kills ?? 0), 0);
  recordSection({
    section: "kill-resume-store",
    summary: `${rows.filter((r) => r.round !== "restart" && r.round !== "lock").length} rounds, ${kills} SIGKILLs into --db (seed ${seed}; PGlite${
      skip ? "" : " and PostgreSQL"
    }); every store holds the uninterrupted run's ${reference?.size ?? 0} records once, with one snapshot each`,
    rows,
  });
});

async function round(
  backend: "pglite" | "postgres",
  index: number,
  random: () => number,
): Promise<ResultRow> {
  const home = await mkdtemp(join(tmpdir(), `store-kill-${backend}-${index}-`));
  const other = await mkdtemp(join(tmpdir(), `store-kill-other-${index}-`));
  scratch.push(home, other);
  const location =
    backend === "pglite" ? join(home, "study.db") : await server!.createDatabase(`kill_${index}`);
  const env = cliEnv(emulator.url, { OBSERVATORY_STATE_DIR: join(home, "state"), HOME: home });
  const args = (db: string) => ["tiktok", "collect", ...QUERY, "--db", db];
  const firstDb = backend === "pglite" ? "study.db" : location; // relative from its own folder
  const kills = 1 + Math.floor(random() * 3);
  const moments: number[] = [];
  const atKills: (number | string)[] = [];
  for (let k = 0; k < kills; k++) {
    const cli = startCli(`store-kill-${backend}-${index}-${k}`, args(firstDb), { cwd: home, env });
    const started = Date.now();
    // Half of the kills once records are being stored (a page in flight, a page's transaction), the
    // others anywhere from the start (PGlite's start, the token request, the first page).
    if (random() < 0.5) {
      await collectionUnderWay(cli);
      await Promise.race([sleep(random() * collectingMs), cli.done]);
    } else {
      await Promise.race([sleep((0.1 + random() * 0.9) * referenceMs), cli.done]);
    }
    moments.push(Date.now() - started);
    cli.child.kill("SIGKILL");
    const result = await cli.done;
    atKills.push(result.signal === "SIGKILL" ? await countRecords(location) : "done");
  }
  // Odd rounds resume from another folder, naming the store by its absolute path (or URL).
  const fromOther = index % 2 === 1;
  const resumeArgs = fromOther ? args(location) : args(firstDb);
  const cwd = fromOther ? other : home;
  let runs = 0;
  let last = await runCli(`store-kill-${backend}-${index}-resume-${runs}`, resumeArgs, { cwd, env });
  for (runs = 1; last.code !== 0 && runs < 5; runs++) {
    last = await runCli(`store-kill-${backend}-${index}-resume-${runs}`, resumeArgs, { cwd, env });
  }
  const context = `${backend} round ${index} (RELIABILITY_SEED=${seed})`;
  expect(last.code, `${context}: ${last.stderr}`).toBe(0);
  const held = await contents(location);
  const missing = [...reference].filter((r) => !held.records.has(r)).length;
  const extra = [...held.records].filter((r) => !reference.has(r)).length;
  expect({ missing, extra, rows: held.rows, snapshots: held.snapshots }, context).toEqual({
    missing: 0,
    extra: 0,
    rows: reference.size,
    snapshots: reference.size,
  });
  return {
    backend,
    round: index,
    kills,
    "kill moments (ms after start)": moments.join(", "),
    "records stored at each kill": atKills.join(", "),
    "mid-collection kills": atKills.filter((n) => typeof n === "number" && n > 0 && n < reference.size)
      .length,
    "resumed from": fromOther ? "another folder" : "the same folder",
    "resume runs": runs,
    records: held.rows,
    identical: true,
  };
}

async function rounds(backend: "pglite" | "postgres"): Promise<void> {
  const random = seededRandom(seed + (backend === "pglite" ? 0 : 1));
  let next = 0;
  const mine: ResultRow[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ROUNDS) {
        const index = next++;
        mine.push(await round(backend, index, random));
      }
    }),
  );
  mine.sort((a, b) => Number(a.round) - Number(b.round));
  rows.push(...mine);
  expect(mine).toHaveLength(ROUNDS);
  // The kills really interrupted collections: some landed with part of the records stored.
  expect(mine.filter((r) => Number(r["mid-collection kills"]) > 0).length).toBeGreaterThanOrEqual(3);
}

describe(`kill -9 during a --db collection and resume (${ROUNDS} rounds per backend)`, () => {
  it("PGlite: every store equals the uninterrupted run's, one row and one snapshot per record", async () => {
    await rounds("pglite");
  }, 900_000);

  it.skipIf(skip)(
    "PostgreSQL: every store equals the uninterrupted run's",
    async () => {
      await rounds("postgres");
    },
    900_000,
  );

  it.skipIf(skip)(
    "PostgreSQL stopped and started again mid-run: a retry or a resumable failure, then exact",
    async () => {
      const location = await server!.createDatabase("restart");
      const home = await mkdtemp(join(tmpdir(), "store-restart-"));
      scratch.push(home);
      const env = cliEnv(emulator.url, { OBSERVATORY_STATE_DIR: join(home, "state"), HOME: home });
      const cli = startCli("store-restart", ["tiktok", "collect", ...QUERY, "--db", location], {
        cwd: home,
        env,
      });
      let before = 0;
      const deadline = Date.now() + 120_000;
      while (before === 0 && Date.now() < deadline) {
        await sleep(100);
        before = await countRecords(location);
      }
      await server!.halt();
      await sleep(1_500);
      await server!.start();
      const first = await cli.done;
      // Either the page's transaction was retried on a new connection and the run completed, or the run
      // stopped with a failure that says how to resume (exit 1), never a silent success with records missing.
      expect([0, 1], first.stderr).toContain(first.code);
      if (first.code === 1) expect(first.stderr).toMatch(/resume|again/i);
      let runs = 0;
      let last = first;
      while (last.code !== 0 && runs < 4) {
        last = await runCli(
          `store-restart-resume-${runs++}`,
          ["tiktok", "collect", ...QUERY, "--db", location],
          {
            cwd: home,
            env,
          },
        );
      }
      expect(last.code, last.stderr).toBe(0);
      const held = await contents(location);
      expect({ missing: [...reference].filter((r) => !held.records.has(r)).length, rows: held.rows }).toEqual(
        {
          missing: 0,
          rows: reference.size,
        },
      );
      rows.push({
        backend: "postgres",
        round: "restart",
        "records before the restart": before,
        "first run": first.code === 0 ? "completed (transparent retry)" : "failed, resumable",
        "resume runs": runs,
        records: held.rows,
        identical: true,
      });
    },
    300_000,
  );

  it("a second process on a PGlite directory in use: exit 2 with a clear error", async () => {
    const home = await mkdtemp(join(tmpdir(), "store-lock-"));
    scratch.push(home);
    const env = cliEnv(emulator.url, { OBSERVATORY_STATE_DIR: join(home, "state"), HOME: home });
    const cli = startCli("store-lock-first", ["tiktok", "collect", ...QUERY, "--db", "shared.db"], {
      cwd: home,
      env,
    });
    try {
      const deadline = Date.now() + 60_000;
      const lockFile = join(home, "shared.db", "store.lock");
      while (Date.now() < deadline) {
        try {
          statSync(lockFile);
          break;
        } catch {
          await sleep(50);
        }
      }
      const second = await runCli("store-lock-second", ["db", "status", "--db", "shared.db"], {
        cwd: home,
        env,
      });
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/is open in another process \(pid \d+\)/);
      rows.push({ backend: "pglite", round: "lock", "second process": "exit 2: open in another process" });
    } finally {
      cli.child.kill("SIGKILL");
      await cli.done;
    }
  }, 120_000);

  it("the store holds no secret: the reference database's files contain neither the client secret nor the salt", () => {
    const dirs = readdirSync(join(artifactDirRoot()), { withFileTypes: true }).filter(
      (e) => e.isDirectory() && e.name.startsWith("store-reference-"),
    );
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) {
      for (const file of walk(join(artifactDirRoot(), dir.name, "ref.db"))) {
        const text = readFileSync(file).toString("latin1");
        expect(text.includes(SUITE_CLIENT.clientSecret), file).toBe(false);
        expect(text.includes(SUITE_SALT), file).toBe(false);
      }
    }
  });
});

function artifactDirRoot(): string {
  return join(artifactDir("probe"), "..");
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() && statSync(path).size > 0) yield path;
  }
}
