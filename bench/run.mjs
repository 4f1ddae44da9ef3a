// `pnpm bench`: every benchmark of the project, each in its own process (`node --import tsx`, from its
// package's directory, so one cannot disturb the next), then one combined table, printed and written
// to bench/results.json with the machine and the date. Exits 0 when every benchmark ran, whether or not
// it met its goal (the table says so); 1 when a benchmark could not run.
//
//   pnpm bench                      all of them (about 10 minutes on 2 vCPUs: the 1,000,000-record memory run is half of it)
//   BENCH_QUICK=1 pnpm bench        the memory benchmark streams 100,000 records only
//   node bench/run.mjs quota pipeline   only the benchmarks whose id contains a word (results.json untouched)
//   node bench/run.mjs --print          the table of the last full run, from bench/results.json
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MARKER = "@@bench-result@@";
const RUN_ONE = fileURLToPath(new URL("./run-one.mjs", import.meta.url));

/** In the order of the issue's list; `pending` says what to print when the file does not exist yet. */
const BENCHES = [
  {
    id: "quota-efficiency",
    area: "1. Quota efficiency",
    file: "packages/arena-tiktok/bench/quota-efficiency.bench.ts",
  },
  { id: "pipeline", area: "2. Pipeline throughput", file: "packages/arena-tiktok/bench/pipeline.bench.ts" },
  { id: "memory", area: "3. Memory", file: "bench/memory.bench.ts" },
  {
    id: "scale-out",
    area: "4. Scale-out",
    file: "packages/arena-redis/bench/scale-out.bench.ts",
    pending: "pending: packages/arena-redis/bench/scale-out.bench.ts is not written yet",
  },
  { id: "language", area: "5. Language detection", file: "packages/arena-core/bench/language.bench.ts" },
  { id: "emulator", area: "Emulator throughput", file: "packages/tiktok-emulator/bench/throughput.bench.ts" },
  { id: "redis-quota", area: "Redis quota ledger", file: "packages/arena-redis/bench/quota.bench.ts" },
  { id: "store", area: "Store (PostgreSQL, PGlite)", file: "bench/store.bench.ts" },
  {
    id: "scheduler",
    area: "Scheduler (BullMQ on PostgreSQL)",
    file: "packages/scheduler/bench/scheduler.bench.ts",
  },
  { id: "dashboard", area: "Dashboard page time", file: "packages/dashboard/bench/dashboard.bench.ts" },
  { id: "plans", area: "Quota-optimal plans", file: "packages/arena-tiktok/bench/plans.bench.ts" },
];

/**
 * The table shows the language bench condensed (its full comparison is printed below the table and
 * kept in results.json): the default detector's figures, and one line per other detector.
 */
function tableRows(id, rows) {
  if (id !== "language") return rows;
  const byMetric = new Map(rows.map((r) => [r.metric, r]));
  const get = (detector, metric) => byMetric.get(`${detector}: ${metric}`);
  const out = [];
  const perLanguage = ["da", "nb", "nn", "sv", "de", "en"].map((l) => get("default", `accuracy ${l}`)?.value);
  out.push({
    metric: "default: accuracy da / nb / nn / sv / de / en",
    value: perLanguage.join(" / "),
    unit: "%",
  });
  for (const metric of [
    "accuracy da ≥ 40 chars",
    "accuracy da, social-media-like variants",
    "accuracy overall",
    "da → no/nb/nn",
    "nb → da",
    "calibration error (ECE)",
    "CPU time per text",
    "load time (CPU, fresh process)",
    "memory after load (RSS growth)",
  ]) {
    const row = get("default", metric);
    if (row) out.push(row);
  }
  // The held-out rows (issue 22) carry their goals: shown as they are.
  out.push(...rows.filter((r) => r.metric.startsWith("held-out:")));
  const others = [...new Set(rows.map((r) => r.metric.split(":")[0]))].filter(
    (d) => d !== "default" && d !== "held-out",
  );
  for (const detector of others) {
    const da = get(detector, "accuracy da ≥ 40 chars")?.value;
    const micros = get(detector, "CPU time per text")?.value;
    const memory = get(detector, "memory after load (RSS growth)")?.value;
    out.push({
      metric: `${detector}: da ≥ 40 chars · CPU per text · memory`,
      value: `${da} % · ${micros} µs · ${memory} MB`,
    });
  }
  return out;
}

function runBench(bench) {
  return new Promise((resolve) => {
    const file = join(ROOT, bench.file);
    const child = spawn(process.execPath, ["--import", "tsx", RUN_ONE, file], {
      cwd: dirname(dirname(file)),
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
    });
    const started = performance.now();
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const line = stdout.split("\n").find((l) => l.startsWith(MARKER));
      if (code === 0 && line) resolve({ ok: true, seconds, result: JSON.parse(line.slice(MARKER.length)) });
      else resolve({ ok: false, seconds, error: `exited with ${code}: ${stdout.slice(-1500)}` });
    });
  });
}

const format = (value) =>
  typeof value === "number"
    ? Number.isInteger(value)
      ? value.toLocaleString("en")
      : Number(value.toPrecision(4)).toLocaleString("en", { maximumFractionDigits: 3 })
    : String(value);
const cell = (text) => String(text).replaceAll("|", "\\|").replaceAll("\n", " ");

/** The combined table (Markdown), the goals missed, and each benchmark's notes. */
function print({ date, machine, sections }) {
  const header = ["area", "metric", "value", "goal", "met"];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const section of sections) {
    for (const row of tableRows(section.id, section.rows)) {
      const value = `${format(row.value)}${row.unit ? ` ${row.unit}` : ""}`;
      const met = row.pass === undefined ? "" : row.pass ? "yes" : "**NO**";
      lines.push(`| ${[section.area, row.metric, value, row.goal ?? "", met].map(cell).join(" | ")} |`);
    }
  }
  console.log(
    `\nBenchmarks — ${date} — ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage.before.join(" ")}\n`,
  );
  console.log(lines.join("\n"));
  const missed = goalsMissed(sections);
  console.log(
    `\n${missed.length ? `Goals missed (${missed.length}): ${missed.join("; ")}` : "Every goal met."}`,
  );
  for (const section of sections) {
    if (!section.notes?.length) continue;
    console.log(`\n${section.area} — ${section.name} (${section.seconds} s)`);
    for (const note of section.notes) console.log(note.startsWith("|") || note === "" ? note : `  - ${note}`);
  }
}

const goalsMissed = (sections) =>
  sections.flatMap((s) => s.rows.filter((r) => r.pass === false).map((r) => `${s.area}: ${r.metric}`));

const RESULTS = join(ROOT, "bench", "results.json");
if (process.argv.includes("--print")) {
  print(JSON.parse(readFileSync(RESULTS, "utf8")));
  process.exit(0);
}

// biome-ignore lint/suspicious/noUndeclaredEnvVars: BENCH_QUICK shortens the memory benchmark (see the top)
const QUICK = process.env.BENCH_QUICK === "1";
const filters = process.argv.slice(2);
const selected = BENCHES.filter((b) => filters.length === 0 || filters.some((f) => b.id.includes(f)));
const startedAt = new Date();
const loadBefore = loadavg();
const sections = [];
let crashed = 0;
for (const bench of selected) {
  const path = join(ROOT, bench.file);
  if (!existsSync(path)) {
    sections.push({
      ...bench,
      status: "pending",
      rows: [{ metric: bench.pending ?? "missing", value: "–" }],
    });
    continue;
  }
  console.error(`bench: ${bench.id} (${relative(ROOT, path)}) …`);
  const outcome = await runBench(bench);
  if (!outcome.ok) {
    crashed++;
    console.error(`bench: ${bench.id} FAILED TO RUN: ${outcome.error}`);
    sections.push({
      ...bench,
      status: "failed",
      seconds: Math.round(outcome.seconds),
      rows: [{ metric: "failed to run", value: outcome.error.slice(-300) }],
    });
    continue;
  }
  const { result } = outcome;
  sections.push({
    ...bench,
    status: "ran",
    seconds: Math.round(outcome.seconds),
    name: result.name,
    rows: result.rows,
    notes: result.notes ?? [],
  });
}
const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverage: {
    before: loadBefore.map((x) => Number(x.toFixed(2))),
    after: loadavg().map((x) => Number(x.toFixed(2))),
  },
};
const results = {
  date: startedAt.toISOString(),
  machine,
  quick: QUICK,
  sections,
  goalsMissed: goalsMissed(sections),
};
print(results);
if (filters.length === 0) {
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log("\nwritten: bench/results.json (print it again with: node bench/run.mjs --print)");
}
process.exit(crashed ? 1 : 0);
