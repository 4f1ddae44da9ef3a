/**
 * The store (`@observatory/store-postgres`): ingestion into an embedded PGlite database and into a
 * PostgreSQL server this bench starts, the memory of storing 1,000,000 records, and the refresh's due
 * selection in a table of 1,000,000 rows.
 *
 * - Ingestion: normalised UCR records (synthetic, the size and shape of the emulator's) upserted the
 *   way a collection commits them (a RunWriter: the records and a checkpoint per transaction), 1,000
 *   records a transaction, into an empty table. And end to end: `observatory tiktok collect --db`
 *   (the built command, lossless parse → validate → normalise → detect → hash → pseudonymise → store)
 *   against an emulator in another process, against `--out` for the same query.
 * - Memory: this process's RSS, sampled every 250 ms, while 1,000,000 records stream into PGlite.
 * - Due selection: `dueForRefresh()` (published 10–15 days ago, not refreshed at that age) on the
 *   1,000,000-row table, with the plan EXPLAIN shows.
 *
 *   node --import tsx bench/store.bench.ts [--quick]     (--quick or BENCH_QUICK=1: 100,000 records)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ContentRecord } from "@observatory/arena-core";
import { openStore, type RecordStore } from "@observatory/store-postgres";
import { postgresSkipReason, startPostgresServer } from "@observatory/store-postgres/testing";
import { DEMO_CLIENT, startEmulator } from "@observatory/tiktok-emulator";
import { type BenchResult, type BenchRow, isMain, printResult } from "./bench-result.js";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: a local switch for a shorter benchmark run
const QUICK = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const BIG = QUICK ? 100_000 : 1_000_000;
const INGEST = 50_000;
const BATCH = 1_000;
const DAY = 86_400_000;
const NOW = Date.parse("2026-11-24T10:00:00Z");

const require = createRequire(import.meta.url);
const CLI_BIN = join(dirname(require.resolve("@observatory/cli/package.json")), "dist", "bin.js");

const words = ["klima", "energi", "valg", "dkpol", "grøn", "omstilling", "vind", "sol", "politik", "debat"];

/** Record `i` of a synthetic stream: 19-digit ID, published over the year before NOW, ~1 KB like the emulator's. */
function record(i: number): ContentRecord {
  const id = String(7_400_000_000_000_000_000n + BigInt(i));
  const text = `${words[i % 10]} ${words[(i * 7) % 10]} ${words[(i * 3) % 10]} video nummer ${i} #${words[(i * 5) % 10]} #fyp`;
  return {
    platform: "tiktok",
    arena: "social_media",
    platform_id: id,
    content_type: "video",
    text_content: text,
    title: null,
    url: `https://www.tiktok.com/@user${i % 5000}/video/${id}`,
    language: "da",
    published_at: new Date(NOW - ((i * 7919) % 365) * DAY - (i % 86_400) * 1000).toISOString(),
    collected_at: new Date(NOW).toISOString(),
    author_platform_id: null,
    author_display_name: null,
    pseudonymized_author_id: (i % 5000).toString(16).padStart(64, "a"),
    views_count: (i * 31) % 100_000,
    likes_count: (i * 7) % 10_000,
    shares_count: i % 100,
    comments_count: i % 50,
    engagement_score: ((i * 13) % 1000) / 1000,
    raw_metadata: {
      region_code: "DK",
      hashtag_names: [words[(i * 5) % 10], "fyp"],
      music_id: String(7_000_000_000_000_000_000n + BigInt(i % 10_000)),
      video_duration: 5 + (i % 55),
      favorites_count: i % 300,
      request_fingerprint: "c00d202f72ab579b",
      is_random: false,
      language_confidence: 0.93,
      language_detector: "eld-extrasmall-nordic",
      author_pseudonymized: true,
    },
    media_urls: [],
    content_hash: (i * 2654435761).toString(16).padStart(64, "0").slice(-64),
    search_terms_matched: [words[i % 10]!],
    collection_tier: "free",
  };
}

/** Streams `count` records from `from` into the store as a collection does: a RunWriter, a checkpoint per 1,000. */
async function ingest(store: RecordStore, runId: string, from: number, count: number): Promise<number> {
  await store.runs.start({ runId, kind: "bench", platform: "tiktok" });
  const writer = store.runWriter({ runId, kind: "content" });
  const started = performance.now();
  for (let page = 0; page < count / BATCH; page++) {
    for (let i = 0; i < BATCH; i++) writer.add(record(from + page * BATCH + i));
    await writer.commit({ runId, partition: "bench", ids: [], done: false });
    await writer.checkpoints.put({
      runId,
      partition: "bench",
      done: false,
      pages: page + 1,
      records: (page + 1) * BATCH,
      cursor: String((page + 1) * BATCH),
      updatedAt: new Date(NOW).toISOString(),
    });
  }
  await writer.close("completed");
  return count / ((performance.now() - started) / 1000);
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** The built command, end to end into --db (or --out), against the emulator: records/s. */
async function collectEndToEnd(
  emulatorUrl: string,
  target: string[],
  cwd: string,
): Promise<{ rate: number; records: number }> {
  const args = [CLI_BIN, "tiktok", "collect", "--term", "klima", "--term", "#dkpol", "--term", "energi"];
  args.push(
    "--since",
    "2025-12-01",
    "--until",
    "2026-11-20",
    "--window-days",
    "30",
    "--no-progress",
    ...target,
  );
  const started = performance.now();
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: cwd,
        TIKTOK_API_BASE_URL: emulatorUrl,
        TIKTOK_CLIENT_KEY: DEMO_CLIENT.clientKey,
        TIKTOK_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
        OBSERVATORY_PSEUDONYM_SALT: "bench-salt-0123456789abcdef",
        OBSERVATORY_STATE_DIR: join(cwd, "state"),
        TIKTOK_DAILY_REQUESTS: "100000",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let text = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      text += s;
    });
    child.on("close", (code) =>
      code === 0 ? resolve(text) : reject(new Error(`collect exited ${code}: ${text}`)),
    );
  });
  const seconds = (performance.now() - started) / 1000;
  const records = Number(/records\s+([\d,]+) written/.exec(stderr)?.[1]?.replaceAll(",", "") ?? 0);
  return { rate: records / seconds, records };
}

export async function run(): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const work = mkdtempSync(join(tmpdir(), "store-bench-"));
  const skip = postgresSkipReason();
  const server = skip ? undefined : await startPostgresServer();
  try {
    // 1. Ingestion, store alone.
    const lite = await openStore(join(work, "ingest.db"));
    const liteRate = await ingest(lite, "ingest", 0, INGEST);
    await lite.close();
    rows.push({
      metric: `ingest into PGlite (${BATCH.toLocaleString("en")} records + checkpoint a transaction, ${INGEST.toLocaleString("en")} records)`,
      value: Math.round(liteRate),
      unit: "records/s",
      goal: "≥ 5,000/s",
      pass: liteRate >= 5_000,
    });
    if (server) {
      const pg = await openStore(await server.createDatabase("ingest"));
      const pgRate = await ingest(pg, "ingest", 0, INGEST);
      await pg.close();
      rows.push({
        metric: `ingest into PostgreSQL (the same, one jsonb batch per statement)`,
        value: Math.round(pgRate),
        unit: "records/s",
        goal: "≥ 20,000/s",
        pass: pgRate >= 20_000,
      });
    } else {
      notes.push(`PostgreSQL rows skipped: ${skip}`);
    }

    // 2. End to end through the built command (pipeline included), against --out.
    const emulator = await startEmulator({ port: 0, seed: 42, clock: { now: () => NOW }, latencyMs: 0 });
    try {
      const file = await collectEndToEnd(
        emulator.url,
        ["--out", "out.jsonl"],
        mkdtempSync(join(work, "e2e-")),
      );
      const toLite = await collectEndToEnd(emulator.url, ["--db", "e2e.db"], mkdtempSync(join(work, "e2e-")));
      rows.push({
        metric: `collect --db PGlite end to end (emulator, pipeline included; --out: ${Math.round(file.rate).toLocaleString("en")}/s)`,
        value: Math.round(toLite.rate),
        unit: "records/s",
      });
      if (server) {
        const toPg = await collectEndToEnd(
          emulator.url,
          ["--db", await server.createDatabase("e2e")],
          mkdtempSync(join(work, "e2e-")),
        );
        rows.push({
          metric: "collect --db PostgreSQL end to end (the same)",
          value: Math.round(toPg.rate),
          unit: "records/s",
        });
      }
      notes.push(
        `end to end: ${toLite.records.toLocaleString("en")} records of one query, the command's start (and PGlite's first open: initdb) included`,
      );
    } finally {
      await emulator.close();
    }

    // 3. 1,000,000 records into PGlite: RSS while they stream in.
    const big = await openStore(join(work, "big.db"));
    const samples: number[] = [];
    const baseline = rssMb();
    const timer = setInterval(() => samples.push(rssMb()), 250);
    const started = performance.now();
    let peakAfterFirstTenth = 0;
    for (let done = 0; done < BIG; done += BIG / 10) {
      await ingest(big, `big-${done}`, done, BIG / 10);
      if (done === 0) peakAfterFirstTenth = Math.max(...samples, rssMb());
    }
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    const peak = Math.max(...samples, rssMb());
    rows.push({
      metric: `${BIG.toLocaleString("en")} records stored in PGlite: peak RSS of the process`,
      value: Math.round(peak),
      unit: "MB",
      goal: "< 250 MB, flat",
      pass: peak < 250 && peak - peakAfterFirstTenth < 50,
    });
    rows.push({
      metric: "  RSS after the first 10 % → at the end (flat: growth < 50 MB)",
      value: `${Math.round(peakAfterFirstTenth)} → ${Math.round(peak)}`,
      unit: "MB",
    });
    rows.push({
      metric: `  ${BIG.toLocaleString("en")} records stored at`,
      value: Math.round(BIG / seconds),
      unit: "records/s",
    });
    notes.push(`RSS before the store opened: ${Math.round(baseline)} MB`);

    // 4. Due selection in that table.
    const t = performance.now();
    const due = await big.dueForRefresh({ now: NOW, platform: "tiktok", contentType: "video" });
    const dueMs = performance.now() - t;
    const plan = await big.explainDue({ now: NOW, platform: "tiktok", contentType: "video" });
    rows.push({
      metric: `refresh --db due selection in ${BIG.toLocaleString("en")} rows (${due.length.toLocaleString("en")} due)`,
      value: Math.round(dueMs),
      unit: "ms",
      goal: "< 1,000 ms",
      pass: dueMs < 1_000,
    });
    notes.push(
      `due selection plan (PGlite): ${plan
        .split("\n")
        .map((l) => l.trim())
        .join(" | ")}`,
    );
    await big.close();
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return { name: "Store (PGlite and PostgreSQL)", rows, notes };
}

if (isMain(import.meta.url)) printResult(await run());
