import type { LanguageDetector } from "../ports/language-detector.js";

/** A text whose language is known (e.g. a line of bench/fixtures/language-corpus.jsonl). */
export interface LabelledText {
  /** ISO 639 code; "nb" and "nn" (Bokmål, Nynorsk) count as detected when a detector says "no". */
  lang: string;
  text: string;
  /** How the text was made: "plain", or a social-media-like variant ("hashtags", "emoji", "short"). */
  variant?: string;
}

export interface AccuracyCell {
  total: number;
  correct: number;
  /** correct ÷ total, 0..1 (0 when empty). */
  accuracy: number;
}

export interface LanguageEvaluation {
  detector: string;
  overall: AccuracyCell;
  perLanguage: Record<string, AccuracyCell>;
  /** Texts of at least `longTextChars` characters, per language. */
  perLanguageLong: Record<string, AccuracyCell>;
  longTextChars: number;
  /** Social-media-like texts (any `variant` other than "plain"), per language. */
  perLanguageSocial: Record<string, AccuracyCell>;
  /** label → detected language ("null" when none) → count. */
  confusion: Record<string, Record<string, number>>;
  /** Expected calibration error of `confidence` over 10 bins (0 = perfectly calibrated). */
  calibrationError: number;
  /** Wall time of `detect` per text, in microseconds (one pass over all texts). */
  microsPerText: number;
}

const NORWEGIAN = new Set(["no", "nb", "nn"]);

/** Whether a detected code names the labelled language (Norwegian written standards count as "no"). */
export function sameLanguage(label: string, detected: string | null): boolean {
  if (detected === null) return false;
  if (label === detected) return true;
  return NORWEGIAN.has(label) && NORWEGIAN.has(detected);
}

const cell = (): AccuracyCell => ({ total: 0, correct: 0, accuracy: 0 });

function finish(cells: Record<string, AccuracyCell>): void {
  for (const c of Object.values(cells)) c.accuracy = c.total ? c.correct / c.total : 0;
}

/** Runs a detector over labelled texts: accuracy per language, confusion, calibration and speed. */
export function evaluateLanguageDetector(
  detector: LanguageDetector,
  samples: readonly LabelledText[],
  options: { longTextChars?: number; now?: () => number } = {},
): LanguageEvaluation {
  const longTextChars = options.longTextChars ?? 40;
  const now = options.now ?? (() => performance.now());
  const overall = cell();
  const perLanguage: Record<string, AccuracyCell> = {};
  const perLanguageLong: Record<string, AccuracyCell> = {};
  const perLanguageSocial: Record<string, AccuracyCell> = {};
  const confusion: Record<string, Record<string, number>> = {};
  const bins = Array.from({ length: 10 }, () => ({ n: 0, correct: 0, confidence: 0 }));

  const started = now();
  const guesses = samples.map((sample) => detector.detect(sample.text));
  const elapsed = now() - started;

  samples.forEach((sample, i) => {
    const guess = guesses[i]!;
    const ok = sameLanguage(sample.lang, guess.language);
    const tally = (c: AccuracyCell) => {
      c.total++;
      if (ok) c.correct++;
    };
    const bucket = (cells: Record<string, AccuracyCell>) => {
      cells[sample.lang] ??= cell();
      return cells[sample.lang]!;
    };
    tally(overall);
    tally(bucket(perLanguage));
    if ([...sample.text].length >= longTextChars) tally(bucket(perLanguageLong));
    if (sample.variant && sample.variant !== "plain") tally(bucket(perLanguageSocial));
    confusion[sample.lang] ??= {};
    const row = confusion[sample.lang]!;
    const key = guess.language ?? "null";
    row[key] = (row[key] ?? 0) + 1;
    const bin = bins[Math.min(9, Math.max(0, Math.floor(guess.confidence * 10)))]!;
    bin.n++;
    bin.confidence += guess.confidence;
    if (ok) bin.correct++;
  });
  finish(perLanguage);
  finish(perLanguageLong);
  finish(perLanguageSocial);
  overall.accuracy = overall.total ? overall.correct / overall.total : 0;
  const calibrationError = samples.length
    ? bins.reduce((sum, b) => sum + Math.abs(b.correct - b.confidence), 0) / samples.length
    : 0;

  return {
    detector: detector.name,
    overall,
    perLanguage,
    perLanguageLong,
    longTextChars,
    perLanguageSocial,
    confusion,
    calibrationError,
    microsPerText: samples.length ? (elapsed * 1000) / samples.length : 0,
  };
}

/** Share of texts labelled `label` that were detected as one of `as` (e.g. da → no/nb/nn). */
export function confusionRate(evaluation: LanguageEvaluation, label: string, as: readonly string[]): number {
  const row = evaluation.confusion[label] ?? {};
  const total = Object.values(row).reduce((sum, n) => sum + n, 0);
  if (!total) return 0;
  return as.reduce((sum, code) => sum + (row[code] ?? 0), 0) / total;
}

/** Parses JSON Lines of `LabelledText`. */
export function parseLabelledTexts(jsonl: string): LabelledText[] {
  return jsonl
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LabelledText);
}
