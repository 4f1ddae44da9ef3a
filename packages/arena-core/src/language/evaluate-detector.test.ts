import { describe, expect, it } from "vitest";
import type { LanguageDetector } from "../ports/language-detector.js";
import {
  confusionRate,
  evaluateLanguageDetector,
  type LabelledText,
  parseLabelledTexts,
  sameLanguage,
} from "./evaluate-detector.js";

/** A detector that answers from a table. */
const table = (answers: Record<string, [string | null, number]>): LanguageDetector => ({
  name: "table",
  detect: (text) => {
    const [language, confidence] = answers[text] ?? [null, 0];
    return { language, confidence };
  },
});

const samples: LabelledText[] = [
  { lang: "da", text: "a Danish text that is longer than forty characters" },
  { lang: "da", text: "short da", variant: "emoji" },
  { lang: "nb", text: "bokmål" },
  { lang: "nn", text: "nynorsk" },
  { lang: "sv", text: "svenska" },
];

describe("evaluateLanguageDetector", () => {
  const detector = table({
    "a Danish text that is longer than forty characters": ["da", 0.95],
    "short da": ["no", 0.55],
    bokmål: ["no", 0.9],
    nynorsk: ["nn", 0.6],
    svenska: [null, 0],
  });
  let t = 0;
  const evaluation = evaluateLanguageDetector(detector, samples, { now: () => (t += 10) });

  it("computes accuracy per language, overall and for long texts, counting nb/nn as no", () => {
    expect(evaluation.detector).toBe("table");
    expect(evaluation.overall).toEqual({ total: 5, correct: 3, accuracy: 0.6 });
    expect(evaluation.perLanguage.da).toEqual({ total: 2, correct: 1, accuracy: 0.5 });
    expect(evaluation.perLanguage.nb?.accuracy).toBe(1);
    expect(evaluation.perLanguage.nn?.accuracy).toBe(1);
    expect(evaluation.perLanguage.sv?.accuracy).toBe(0);
    expect(evaluation.perLanguageLong.da).toEqual({ total: 1, correct: 1, accuracy: 1 });
    expect(evaluation.perLanguageSocial.da).toEqual({ total: 1, correct: 0, accuracy: 0 });
  });

  it("counts confusions, including no answer", () => {
    expect(evaluation.confusion.da).toEqual({ da: 1, no: 1 });
    expect(evaluation.confusion.sv).toEqual({ null: 1 });
    expect(confusionRate(evaluation, "da", ["no", "nb", "nn"])).toBe(0.5);
    expect(confusionRate(evaluation, "fi", ["da"])).toBe(0);
  });

  it("measures time per text and calibration", () => {
    expect(evaluation.microsPerText).toBe((10 * 1000) / 5);
    // bins: 0.9 (2 right, conf 1.85), 0.5 (0 right, 0.55), 0.6 (1 right, 0.6), 0.0 (0 right, 0)
    expect(evaluation.calibrationError).toBeCloseTo((0.15 + 0.55 + 0.4 + 0) / 5, 10);
  });
});

describe("helpers", () => {
  it("sameLanguage treats the Norwegian standards as one language", () => {
    expect(sameLanguage("nb", "no")).toBe(true);
    expect(sameLanguage("nn", "nb")).toBe(true);
    expect(sameLanguage("da", "no")).toBe(false);
    expect(sameLanguage("da", null)).toBe(false);
  });

  it("parseLabelledTexts reads JSON Lines and skips blank lines", () => {
    expect(parseLabelledTexts('{"lang":"da","text":"hej"}\n\n{"lang":"sv","text":"hej"}\n')).toEqual([
      { lang: "da", text: "hej" },
      { lang: "sv", text: "hej" },
    ]);
  });
});
