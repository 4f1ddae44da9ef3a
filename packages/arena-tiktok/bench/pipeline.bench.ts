/**
 * Pipeline throughput on one core: lossless parse → validate (envelope and every video) → normalise →
 * detect language → content hash → pseudonymise → JSONL line, against bare `JSON.parse` +
 * `JSON.stringify` of the same bytes, and each stage alone. Everything is timed in the same process,
 * interleaved round by round (medians), so the ratios hold however noisy the machine is. The whole
 * pipeline is timed before the stages' inputs are built: holding them (every page parsed, validated
 * and normalised, ~100 MB) would slow its garbage collection by 10–15 %, which a collector never pays.
 *
 * Language detection is reported without and with the collector's per-collector memo: the emulator
 * draws captions from phrase banks, so more of them repeat than on TikTok, and the memo's figure is an
 * upper bound.
 *
 *   node --import tsx bench/pipeline.bench.ts
 */
import { createDefaultLanguageDetector, createPseudonymizer } from "@observatory/arena-core";
import { startEmulator } from "@observatory/tiktok-emulator";
import { type BenchResult, type BenchRow, isMain, printResult } from "../../../bench/bench-result.js";
import { fetchRawPages } from "./emulator-pages.js";
import { type Pass, pipelinePasses, STAGES, type StageName } from "./pipeline-stages.js";

const PAGES = 200;
const ROUNDS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Each pass once to warm up, then ROUNDS rounds of every pass in turn: each pass's times. */
function timeRounds(passes: Record<string, Pass>): Record<string, number[]> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(passes).map((k) => [k, []]));
  let sink = 0;
  for (const pass of Object.values(passes)) sink += pass(); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, pass] of Object.entries(passes)) {
      const t = performance.now();
      sink += pass();
      times[name]!.push(performance.now() - t);
    }
  }
  if (sink < 0) console.log(sink);
  return times;
}

export async function run(): Promise<BenchResult> {
  const emulator = await startEmulator({
    seed: 42,
    clock: { now: () => Date.parse("2026-11-24T10:00:00Z") },
  });
  const pages = await fetchRawPages(emulator, PAGES);
  await emulator.close();
  const loadStart = performance.now();
  const detector = await createDefaultLanguageDetector();
  const detectorLoadMs = performance.now() - loadStart;
  const pseudonymize = createPseudonymizer({ salt: "bench-salt-0123456789abcdef" });
  const passes = pipelinePasses({ pages, detector, pseudonymize });
  const bytes = pages.reduce((n, p) => n + p.length, 0);

  // Three phases, each interleaved round by round with the baseline: the whole pipeline first, with
  // nothing else held (as in a collector); then the what-if without detection (its table built);
  // then the stages over their precomputed inputs (~100 MB held).
  const whole: Record<string, Pass> = {
    baseline: passes.baseline,
    pipeline: passes.pipeline,
    pipelineMemo: passes.pipelineMemo,
  };
  const wholeTimes = timeRounds(whole);
  const whatIfTimes = timeRounds({
    whatIfBaseline: passes.baseline,
    pipelineLookedUp: passes.pipelineLookedUp(),
  });
  const stagePasses = passes.stages();
  const stageTimes = timeRounds({ stageBaseline: passes.baseline, ...stagePasses.passes });
  const times = { ...wholeTimes, ...whatIfTimes, ...stageTimes };

  const { records } = stagePasses;
  const ms = (name: string) => median(times[name]!);
  const usPerRecord = (name: string) => (ms(name) * 1000) / records;
  const base = ms("baseline");
  const stageBase = ms("stageBaseline");
  const perSecond = (name: string) => records / (ms(name) / 1000);
  const stage = (name: StageName): BenchRow => ({
    metric: `stage: ${STAGES[name]}`,
    value: round(usPerRecord(name)),
    unit: "µs/record",
  });
  const topLevel: StageName[] = ["parse", "validate", "normalise", "detect", "pseudonymise", "serialise"];
  const stageSum = topLevel.reduce((sum, name) => sum + usPerRecord(name), 0);
  // What no pipeline writing this record can skip, each stage timed alone: reading the API's bytes
  // losslessly, validating them, detecting the language, hashing the text, the author's HMAC and
  // writing the record's line (three times the API video's bytes). Only building the record is left out.
  const floorStages: StageName[] = ["parse", "validate", "detect", "hash", "pseudonymise", "serialise"];
  const floor = floorStages.reduce((sum, name) => sum + ms(name), 0);
  const rows: BenchRow[] = [
    { metric: "records per run", value: records },
    { metric: "bytes per run", value: bytes, unit: "B" },
  ];
  for (const [name, label] of [
    ["pipeline", "no detection memo"],
    ["pipelineMemo", "per-collector detection memo"],
  ] as const) {
    const ratio = ms(name) / base;
    rows.push(
      {
        metric: `pipeline throughput, ${label}`,
        value: Math.round(perSecond(name)),
        unit: "records/s",
        goal: "≥ 30,000",
        pass: perSecond(name) >= 30_000,
      },
      {
        metric: `pipeline ÷ (JSON.parse + JSON.stringify), ${label}`,
        value: round(ratio),
        unit: "×",
        goal: "≤ 5",
        pass: ratio <= 5,
      },
    );
  }
  rows.push(
    { metric: "bare JSON.parse + JSON.stringify", value: round(usPerRecord("baseline")), unit: "µs/record" },
    {
      metric: "bare JSON.parse + JSON.stringify",
      value: Math.round(perSecond("baseline")),
      unit: "records/s",
    },
    { metric: "pipeline, no detection memo", value: round(usPerRecord("pipeline")), unit: "µs/record" },
    {
      metric:
        "what-if, detection off the per-record path (languages from a table) ÷ (JSON.parse + JSON.stringify)",
      value: round(ms("pipelineLookedUp") / ms("whatIfBaseline")),
      unit: "×",
    },
    ...(Object.keys(STAGES) as StageName[]).map(stage),
    {
      metric: "sum of the stages (no memo, sub-stages counted once)",
      value: round(stageSum),
      unit: "µs/record",
    },
    {
      metric: "lossless parse ÷ (JSON.parse + JSON.stringify)",
      value: round(ms("parse") / stageBase),
      unit: "×",
    },
    {
      metric: "floor: every stage but building the record ÷ (JSON.parse + JSON.stringify)",
      value: round(floor / stageBase),
      unit: "×",
    },
    {
      metric: "distinct detection texts ÷ records (detection memo misses)",
      value: round(stagePasses.distinctTexts / records),
    },
    { metric: "language detector load", value: Math.round(detectorLoadMs), unit: "ms" },
  );
  return {
    name: "Pipeline throughput (one core)",
    rows,
    notes: [
      `median of ${ROUNDS} interleaved rounds over ${pages.length} real emulator pages; detector: ${detector.name}`,
      "the whole pipeline is timed first, holding only the raw pages (8 MB; a collector holds one); then the stages, alone over precomputed input (~100 MB held), against their own baseline rounds",
      "stages: 'normalise' answers language and pseudonym from a table; the floor sums the stages no pipeline writing this record can skip (lossless parse, validate, detect, content hash, pseudonymise, JSONL line)",
      "each round is one collection: the collector's pseudonym and detection memos start empty",
      "the emulator's captions come from phrase banks: the detection memo's hit rate is higher than TikTok's",
    ],
  };
}

if (isMain(import.meta.url)) printResult(await run());
