/**
 * Pipeline throughput on one core: lossless parse → validate (envelope and every video) → normalise →
 * detect language → content hash → pseudonymise → JSONL line, against bare `JSON.parse` +
 * `JSON.stringify` of the same bytes. Both are timed in the same process, interleaved round by round,
 * so the ratio holds however noisy the machine is.
 */
import { createDefaultLanguageDetector, createPseudonymizer } from "@observatory/arena-core";
import { startEmulator } from "@observatory/tiktok-emulator";
import { apiVideoSchema, videoPageSchema } from "../src/endpoints/video-query.js";
import { envelopeSchema } from "../src/http/envelope.js";
import { parseApiJson } from "../src/http/lossless-json.js";
import { normalizeVideo } from "../src/normalize/video-record.js";
import { type BenchResult, isMain, printResult } from "./bench-result.js";
import { fetchRawPages } from "./emulator-pages.js";

const PAGES = 200;
const ROUNDS = 7;

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
  const context = {
    tier: "free" as const,
    pseudonymize,
    keepAuthorHandles: false,
    languageDetector: detector,
    matchTerms: () => [],
    collectedAt: Date.parse("2026-11-24T10:00:00Z"),
    metadata: { search_id: "1", request_fingerprint: "0123456789abcdef", is_random: false },
  };
  const bytes = pages.reduce((n, p) => n + p.length, 0);
  let records = 0;
  let sink = 0;

  const baseline = () => {
    for (const text of pages) sink += JSON.stringify(JSON.parse(text)).length;
  };
  const pipeline = () => {
    records = 0;
    for (const text of pages) {
      const envelope = envelopeSchema.parse(parseApiJson(text));
      const page = videoPageSchema.parse(envelope.data);
      let out = "";
      for (const raw of page.videos) {
        const video = apiVideoSchema.safeParse(raw);
        if (!video.success) continue;
        out += `${JSON.stringify(normalizeVideo(video.data, context))}\n`;
        records++;
      }
      sink += out.length;
    }
  };
  const stages = {
    parse: () => {
      for (const text of pages) sink += (parseApiJson(text) as object) ? 1 : 0;
    },
  };

  baseline();
  pipeline();
  stages.parse();
  const times = { baseline: [] as number[], pipeline: [] as number[], parse: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of [
      ["baseline", baseline],
      ["pipeline", pipeline],
      ["parse", stages.parse],
    ] as const) {
      const t = performance.now();
      fn();
      times[name].push(performance.now() - t);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(times.baseline);
  const ours = median(times.pipeline);
  const parse = median(times.parse);
  const perSecond = records / (ours / 1000);
  if (sink < 0) console.log(sink);
  return {
    name: "Pipeline throughput (one core)",
    rows: [
      { metric: "records per run", value: records },
      { metric: "bytes per run", value: bytes, unit: "B" },
      {
        metric: "pipeline throughput",
        value: Math.round(perSecond),
        unit: "records/s",
        goal: "≥ 30,000",
        pass: perSecond >= 30_000,
      },
      {
        metric: "pipeline ÷ (JSON.parse + JSON.stringify)",
        value: ours / base,
        unit: "×",
        goal: "≤ 5",
        pass: ours / base <= 5,
      },
      { metric: "lossless parse ÷ (JSON.parse + JSON.stringify)", value: parse / base, unit: "×" },
      {
        metric: "bare JSON.parse + JSON.stringify",
        value: Math.round(records / (base / 1000)),
        unit: "records/s",
      },
      { metric: "language detector load", value: Math.round(detectorLoadMs), unit: "ms" },
    ],
    notes: [
      `median of ${ROUNDS} interleaved rounds over ${pages.length} real emulator pages; detector: ${detector.name}`,
    ],
  };
}

if (isMain(import.meta.url)) printResult(await run());
