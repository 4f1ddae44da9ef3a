// The default detector on the held-out corpus (bench/fixtures/language-held-out.jsonl: the UD test
// splits, never read while tuning): issue 22's goals for Danish texts of ≥ 40 characters.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { LanguageDetector } from "../ports/language-detector.js";
import { createDefaultLanguageDetector } from "./default-detector.js";
import { parseLabelledTexts } from "./evaluate-detector.js";
import { balancedPrecision, precisionRecall } from "./precision-recall.js";

const corpus = parseLabelledTexts(
  readFileSync(new URL("../../bench/fixtures/language-held-out.jsonl", import.meta.url), "utf8"),
);
const long = corpus.filter((s) => [...s.text].length >= 40);
let detector: LanguageDetector;
beforeAll(async () => {
  detector = await createDefaultLanguageDetector();
});

describe("the held-out corpus", () => {
  it("is the UD test splits: Danish, Bokmål, Nynorsk, Swedish, English, de-duplicated", () => {
    const counts: Record<string, number> = {};
    for (const s of corpus) counts[s.lang] = (counts[s.lang] ?? 0) + 1;
    expect(counts).toEqual({ da: 542, nb: 400, nn: 400, sv: 400, en: 200 });
    expect(new Set(corpus.map((s) => `${s.lang}:${s.text}`)).size).toBe(corpus.length);
    const sources = new Set(corpus.map((s) => (s as { source?: string }).source));
    expect([...sources].sort()).toEqual([
      "UD_Danish-DDT test",
      "UD_English-EWT test",
      "UD_Norwegian-Bokmaal test",
      "UD_Norwegian-Nynorsk test",
      "UD_Swedish-Talbanken test",
    ]);
  });
});

describe("issue 22's goals on held-out Danish texts of ≥ 40 characters", () => {
  it("Danish recall ≥ 95 %, precision ≥ 97 % against an equal number of nb, nn and sv texts", () => {
    const b = balancedPrecision(detector, long);
    expect(b.targets).toBeGreaterThan(400);
    expect(b.others).toBeGreaterThanOrEqual(b.targets - 2);
    expect(b.recall).toBeGreaterThanOrEqual(0.95);
    expect(b.precision).toBeGreaterThanOrEqual(0.97);
  });

  it("Norwegian → Danish ≤ 5 %", () => {
    const { confusion } = precisionRecall(detector, long);
    const norwegian = ["nb", "nn"].map((l) => confusion[l] ?? {});
    const total = norwegian.reduce((n, row) => n + Object.values(row).reduce((a, b) => a + b, 0), 0);
    const asDanish = norwegian.reduce((n, row) => n + (row.da ?? 0), 0);
    expect(asDanish / total).toBeLessThanOrEqual(0.05);
  });

  it("every guess says its runner-up and margin, so a record can say how sure it is", () => {
    const guess = detector.detect("Jeg synes de er ganske nye, alle sammen, tidligst fra 1500-tallet.");
    expect(guess.runnerUp === null || typeof guess.runnerUp === "string").toBe(true);
    expect(guess.margin).toBeGreaterThanOrEqual(0);
    expect(guess.margin).toBeLessThanOrEqual(guess.confidence);
    const sure = detector.detect("Regeringen vil hæve afgiften på benzin fra næste år, siger ministeren.");
    expect(sure.language).toBe("da");
    expect(sure.runnerUp).toBe("no");
  });
});
