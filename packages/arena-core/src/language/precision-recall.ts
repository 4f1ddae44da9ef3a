import type { LanguageDetector } from "../ports/language-detector.js";
import type { LabelledText } from "./evaluate-detector.js";

/** A label as a detector answers it: Bokmål and Nynorsk are "no". */
export const detectedLabel = (lang: string): string => (lang === "nb" || lang === "nn" ? "no" : lang);

export interface PrecisionRecall {
  /** Texts labelled this language. */
  support: number;
  /** Texts detected as this language. */
  detected: number;
  /** Texts labelled and detected as this language. */
  correct: number;
  /** correct ÷ detected (1 when nothing was detected as it). */
  precision: number;
  /** correct ÷ support (0 when there is none). */
  recall: number;
}

export interface PrecisionRecallReport {
  /** Per language (labels folded to what a detector answers: nb, nn → no). */
  perLanguage: Record<string, PrecisionRecall>;
  /** rows: the label (da, nb, nn, sv…); columns: the detected language ("null": none). */
  confusion: Record<string, Record<string, number>>;
  texts: number;
}

/** Precision and recall per language and the confusion matrix of a detector on labelled texts. */
export function precisionRecall(
  detector: LanguageDetector,
  samples: readonly LabelledText[],
): PrecisionRecallReport {
  const perLanguage: Record<string, PrecisionRecall> = {};
  const confusion: Record<string, Record<string, number>> = {};
  const entry = (lang: string) => {
    perLanguage[lang] ??= { support: 0, detected: 0, correct: 0, precision: 1, recall: 0 };
    return perLanguage[lang];
  };
  for (const sample of samples) {
    const label = detectedLabel(sample.lang);
    const got = detector.detect(sample.text).language;
    entry(label).support++;
    if (got !== null) entry(got).detected++;
    if (got === label) entry(label).correct++;
    confusion[sample.lang] ??= {};
    const row = confusion[sample.lang]!;
    const key = got ?? "null";
    row[key] = (row[key] ?? 0) + 1;
  }
  for (const cell of Object.values(perLanguage)) {
    cell.precision = cell.detected ? cell.correct / cell.detected : 1;
    cell.recall = cell.support ? cell.correct / cell.support : 0;
  }
  return { perLanguage, confusion, texts: samples.length };
}

/**
 * Danish precision as the issue defines it: the Danish texts against an equal number of texts of its
 * neighbours (nb, nn, sv in equal shares, taken in order), so that precision does not depend on how
 * many neighbours a test set happens to hold.
 */
export function balancedPrecision(
  detector: LanguageDetector,
  samples: readonly LabelledText[],
  target = "da",
  neighbours: readonly string[] = ["nb", "nn", "sv"],
): { precision: number; recall: number; targets: number; others: number; falsePositives: number } {
  const mine = samples.filter((s) => s.lang === target);
  const share = Math.floor(mine.length / neighbours.length);
  const others = neighbours.flatMap((lang) => samples.filter((s) => s.lang === lang).slice(0, share));
  let correct = 0;
  let falsePositives = 0;
  for (const s of mine) if (detector.detect(s.text).language === target) correct++;
  for (const s of others) if (detector.detect(s.text).language === target) falsePositives++;
  const detected = correct + falsePositives;
  return {
    precision: detected ? correct / detected : 1,
    recall: mine.length ? correct / mine.length : 0,
    targets: mine.length,
    others: others.length,
    falsePositives,
  };
}
