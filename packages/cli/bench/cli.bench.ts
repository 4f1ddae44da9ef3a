/**
 * The command's costs: how fast `--help` answers (nothing heavy loaded), what exactly-once output
 * costs per page (fsync + atomic sidecar) against plain appends, and an end-to-end collection against
 * the emulator. Run: `node --import tsx bench/cli.bench.ts` (after `pnpm build`).
 */
import { spawn } from "node:child_process";
import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_CLIENT, startEmulator } from "@observatory/tiktok-emulator";
import { type BenchResult, type BenchRow, isMain, printResult } from "../../../bench/bench-result.js";
import { FileOutput } from "../src/output/file-output.js";
import { jsonlEncoder } from "../src/output/record-encoder.js";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeProcess(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      stdio: "ignore",
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    child.on("close", (code) => resolve({ ms: performance.now() - started, code }));
  });
}

async function helpLatency(): Promise<BenchRow[]> {
  const node: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < 7; i++) {
    node.push((await timeProcess(["-e", ""])).ms);
    help.push((await timeProcess([BIN, "tiktok", "collect", "--help"])).ms);
  }
  const ratio = median(help) / median(node);
  return [
    { metric: "node -e '' (baseline)", value: median(node), unit: "ms" },
    { metric: "observatory tiktok collect --help", value: median(help), unit: "ms" },
    { metric: "--help ÷ bare node start (same run)", value: ratio, unit: "×", goal: "< 3", pass: ratio < 3 },
  ];
}

async function outputOverhead(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), "cli-bench-"));
  const pages = 100;
  const perPage = 100;
  const record = (i: number) => ({
    platform: "tiktok",
    platform_id: String(7_600_000_000_000_000_000n + BigInt(i)),
    language: "da",
    text_content: "Klimaet er dagens vigtigste emne på Christiansborg. #klima #dkpol ".repeat(3),
    raw_metadata: { region_code: "DK", hashtag_names: ["klima", "dkpol"] },
  });
  try {
    const encoder = jsonlEncoder<ReturnType<typeof record>>();
    let started = performance.now();
    const output = await FileOutput.open({
      path: join(dir, "exact.jsonl"),
      runId: "bench",
      encoder,
      idOf: (r) => r.platform_id,
    });
    for (let p = 0; p < pages; p++) {
      const ids: string[] = [];
      for (let i = 0; i < perPage; i++) {
        const r = record(p * perPage + i);
        ids.push(r.platform_id);
        output.add(r);
      }
      await output.commit({ runId: "bench", partition: "p", ids, done: false });
    }
    await output.close({ completed: true });
    const exactMs = performance.now() - started;

    started = performance.now();
    for (let p = 0; p < pages; p++) {
      let text = "";
      for (let i = 0; i < perPage; i++) text += encoder.encode(record(p * perPage + i));
      await appendFile(join(dir, "plain.jsonl"), text);
    }
    const plainMs = performance.now() - started;
    const perPageMs = (exactMs - plainMs) / pages;
    return [
      {
        metric: "exactly-once output (fsync + sidecar per page)",
        value: (pages * perPage) / (exactMs / 1000),
        unit: "records/s",
      },
      { metric: "plain appends, no fsync", value: (pages * perPage) / (plainMs / 1000), unit: "records/s" },
      {
        metric: "cost per 100-record page",
        value: perPageMs,
        unit: "ms",
        goal: "< 50 (a Research API page takes seconds)",
        pass: perPageMs < 50,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function endToEnd(): Promise<BenchRow[]> {
  const emulator = await startEmulator({ port: 0, seed: 42 });
  const dir = await mkdtemp(join(tmpdir(), "cli-bench-"));
  try {
    const env = {
      TIKTOK_API_BASE_URL: emulator.url,
      TIKTOK_CLIENT_KEY: DEMO_CLIENT.clientKey,
      TIKTOK_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
      OBSERVATORY_PSEUDONYM_SALT: "bench-salt-0123456789abcdef",
      OBSERVATORY_STATE_DIR: join(dir, "state"),
    };
    const out = join(dir, "klima.jsonl");
    const run = await timeProcess(
      [
        BIN,
        "tiktok",
        "collect",
        "--term",
        "klima",
        "--term",
        "#dkpol",
        "--since",
        "2026-08-01",
        "--until",
        "2026-11-01",
        "--out",
        out,
        "--no-progress",
      ],
      env,
    );
    const { readFile } = await import("node:fs/promises");
    const records = (await readFile(out, "utf8")).split("\n").filter(Boolean).length;
    return [
      { metric: "3 months of #dkpol/klima from the emulator (records)", value: records },
      { metric: "wall time, process start to exit", value: run.ms / 1000, unit: "s", pass: run.code === 0 },
      { metric: "throughput", value: records / (run.ms / 1000), unit: "records/s" },
    ];
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  return {
    name: "@observatory/cli",
    rows: [...(await helpLatency()), ...(await outputOverhead()), ...(await endToEnd())],
    notes: [
      "the end-to-end time includes loading the language detector (eld, large) once per process",
      "no emulator latency: a real Research API page takes seconds, so per-page costs here are upper bounds on overhead",
    ],
  };
}

if (isMain(import.meta.url)) printResult(await run());
