/**
 * Memory: peak RSS of the `observatory` command while it streams 100,000 and then 1,000,000 records
 * from the emulator to a JSONL file. The emulator runs in its own process (1.1 M videos); the command
 * is the built CLI, exactly as a researcher runs it, with a file-backed state directory. Its peak RSS
 * comes from getrusage (ru_maxrss) in the process itself; RSS is also sampled every 250 ms to show the
 * curve is flat while the file grows.
 *
 *   node --import tsx bench/memory.bench.ts [--quick]
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, type BenchRow, isMain, printResult } from "./bench-result.js";
import { BENCH_CLIENT } from "./memory/bench-client.js";

const VIDEOS = 1_100_000;
const GOAL_MB = 200;
/** `--quick` (or BENCH_QUICK=1 for the root runner): 100,000 records only; the 1,000,000 run takes 10+ minutes. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a local switch for a shorter benchmark run
const QUICK = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const SIZES = QUICK ? [100_000] : [100_000, 1_000_000];
/** The same stream under V8's own heap policy (the command's early-collection flag off): how much RSS that saves. */
const V8_DEFAULT = { OBSERVATORY_V8_HEAP: "default" };

const require = createRequire(import.meta.url);
const CLI_BIN = join(dirname(require.resolve("@observatory/cli/package.json")), "dist", "bin.js");
const MAX_RSS = new URL("./memory/max-rss.mjs", import.meta.url).href;

interface Sample {
  ms: number;
  rssMb: number;
  bytes: number;
}

interface StreamRun {
  records: number;
  peakMb: number;
  liveHeapMb: number;
  seconds: number;
  samples: Sample[];
  fileMb: number;
}

async function startEmulatorChild(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(
    fileURLToPath(new URL("./memory/emulator-child.ts", import.meta.url)),
    [String(VIDEOS)],
    {
      execArgv: ["--import", import.meta.resolve("tsx")],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m: { type: string; url: string }) => resolve(m.url));
    child.once("exit", (code) => reject(new Error(`the emulator exited with ${code} before it was ready`)));
  });
  return { url, child };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.send({ type: "close" });
  });
}

function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

async function streamRecords(
  url: string,
  records: number,
  extraEnv: Record<string, string> = {},
): Promise<StreamRun> {
  const dir = mkdtempSync(join(tmpdir(), "observatory-memory-"));
  const out = join(dir, "records.jsonl");
  const rssFile = join(dir, "max-rss");
  try {
    const args = [
      "--import",
      MAX_RSS,
      CLI_BIN,
      "tiktok",
      "collect",
      ...["--term", "e", "--term", "a", "--term", "o", "--term", "i", "--term", "#fyp"],
      ...["--since", "2025-11-21", "--until", "2026-11-21", "--max", String(records)],
      ...["--out", out, "--no-progress"],
    ];
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      TIKTOK_API_BASE_URL: url,
      TIKTOK_CLIENT_KEY: BENCH_CLIENT.clientKey,
      TIKTOK_CLIENT_SECRET: BENCH_CLIENT.clientSecret,
      OBSERVATORY_PSEUDONYM_SALT: "bench-memory-salt-8d1f3a6c2b9e4f70",
      OBSERVATORY_STATE_DIR: join(dir, "state"),
      TIKTOK_DAILY_REQUESTS: "1000000",
      MAX_RSS_FILE: rssFile,
      ...extraEnv,
    };
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr = (stderr + s).slice(-4_000);
    });
    const samples: Sample[] = [];
    const timer = setInterval(() => {
      const rssMb = rssOf(child.pid!);
      let bytes = 0;
      try {
        bytes = statSync(out).size;
      } catch {}
      if (rssMb !== undefined) samples.push({ ms: performance.now() - started, rssMb, bytes });
    }, 250);
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`observatory exited with ${code}:\n${stderr}`);
    const peak = JSON.parse(readFileSync(rssFile, "utf8")) as { maxRssKb: number; liveHeapKb: number };
    return {
      records: await countLines(out),
      peakMb: peak.maxRssKb / 1024,
      liveHeapMb: peak.liveHeapKb / 1024,
      seconds,
      samples,
      fileMb: statSync(out).size / 2 ** 20,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** RSS sampled when the file had reached a share of its final size. */
function rssAtShare(run: StreamRun, share: number): number {
  const final = run.samples.at(-1)?.bytes ?? 0;
  const sample = run.samples.find((s) => s.bytes >= final * share) ?? run.samples.at(-1);
  return sample?.rssMb ?? Number.NaN;
}

export async function run(): Promise<BenchResult> {
  const { url, child } = await startEmulatorChild();
  const runs: StreamRun[] = [];
  let v8Default: StreamRun | undefined;
  try {
    for (const size of SIZES) runs.push(await streamRecords(url, size));
    v8Default = await streamRecords(url, SIZES[0]!, V8_DEFAULT);
  } finally {
    await stopChild(child);
  }
  const mb = (x: number) => Math.round(x);
  const rows: BenchRow[] = [];
  for (const r of runs) {
    const label = r.records.toLocaleString("en");
    rows.push(
      {
        metric: `peak RSS streaming ${label} records to JSONL`,
        value: mb(r.peakMb),
        unit: "MB",
        goal: `< ${GOAL_MB}`,
        pass: r.peakMb < GOAL_MB,
      },
      {
        metric: `largest heap in use after a major GC (live data), ${label} records`,
        value: mb(r.liveHeapMb),
        unit: "MB",
      },
      {
        metric: `RSS at 25 / 50 / 75 / 100 % of the ${label}-record file`,
        value: [0.25, 0.5, 0.75, 1].map((s) => mb(rssAtShare(r, s))).join(" / "),
        unit: "MB",
      },
      {
        metric: `end-to-end rate, ${label} records (emulator → CLI → file)`,
        value: Math.round(r.records / r.seconds),
        unit: "records/s",
      },
      { metric: `output file, ${label} records`, value: mb(r.fileMb), unit: "MB" },
    );
  }
  const [small, big] = runs;
  if (small && big) {
    const ratio = big.peakMb / small.peakMb;
    rows.push({
      metric: `peak RSS ${big.records.toLocaleString("en")} ÷ ${small.records.toLocaleString("en")} records`,
      value: ratio.toFixed(2),
      unit: "×",
      goal: "≈ 1 (flat)",
      pass: ratio < 1.25,
    });
    rows.push({
      metric: `live heap ${big.records.toLocaleString("en")} ÷ ${small.records.toLocaleString("en")} records`,
      value: (big.liveHeapMb / small.liveHeapMb).toFixed(2),
      unit: "×",
    });
  }
  if (v8Default) {
    const label = v8Default.records.toLocaleString("en");
    rows.push(
      {
        metric: `peak RSS, ${label} records, V8's own heap policy (OBSERVATORY_V8_HEAP=default)`,
        value: mb(v8Default.peakMb),
        unit: "MB",
      },
      {
        metric: `peak RSS, ${label} records: the command's early collection ÷ V8's own policy (same run)`,
        value: (runs[0]!.peakMb / v8Default.peakMb).toFixed(2),
        unit: "×",
      },
      {
        metric: `end-to-end rate, ${label} records: early collection ÷ V8's own policy (same run)`,
        value: (runs[0]!.records / runs[0]!.seconds / (v8Default.records / v8Default.seconds)).toFixed(2),
        unit: "×",
      },
    );
  }
  return {
    name: "Memory (streaming records to a file with the CLI)",
    rows,
    notes: [
      `observatory tiktok collect --term e --term a --term o --term i --term '#fyp' --since 2025-11-21 --until 2026-11-21 --max N --out records.jsonl (file state directory, fsync per page)`,
      `emulator in its own process: ${VIDEOS.toLocaleString("en")} videos, 100 per page; peak RSS = ru_maxrss of the CLI process`,
      "live heap = the largest heapUsed right after a mark-compact GC: what the process really holds; RSS above it is code, the language model and garbage not yet collected",
      "the command sets --heap-growing-percent=20 at start-up (packages/cli/src/runtime/heap-policy.ts); no heap limit",
    ],
  };
}

if (isMain(import.meta.url)) printResult(await run());
