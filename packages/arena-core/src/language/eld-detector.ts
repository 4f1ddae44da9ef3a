import { ConfigError } from "../errors/arena-error.js";
import type { LanguageDetector, LanguageGuess } from "../ports/language-detector.js";
import { nordicTieBreak } from "./nordic-tie-break.js";

export type EldSize = "large" | "medium" | "small" | "extrasmall";

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}

interface EldInstance {
  detect(text: string): EldResult;
  setLanguageSubset(languages: string[] | false): Record<number, string>;
  newInstance(): EldInstance;
}

const ELD_LOADERS: Record<EldSize, () => Promise<{ eld: unknown }>> = {
  large: () => import("eld/large"),
  medium: () => import("eld/medium"),
  small: () => import("eld/small"),
  extrasmall: () => import("eld/extrasmall"),
};

export interface EldDetectorOptions {
  /** eld's n-gram database: large (most accurate, ~140 MB in memory) … extrasmall (~40 MB). */
  size?: EldSize;
  /**
   * Only consider these languages (eld's ISO 639-1 codes; Norwegian is "no", Bokmål and Nynorsk
   * alike). Unknown codes are a `ConfigError`-free no-op in eld, so they are checked here.
   */
  languages?: readonly string[];
  /** Settle da/no near-ties by distinctive spellings (see `nordicTieBreak`). */
  nordicTieBreak?: boolean;
  /**
   * When eld's top two are Danish and Norwegian within this score margin (and the spelling, with
   * `nordicTieBreak`, gives no verdict), answer Danish. A prior for a Danish observatory, off by default
   * (0): it trades Norwegian accuracy for Danish (see the README's table).
   */
  danishTieMargin?: number;
}

/**
 * Softmax temperature that turns eld's per-language scores (0..1, close together: the runner-up of a
 * Danish text is often Norwegian at 0.05 below) into a confidence. Calibrated on the labelled corpus in
 * bench/fixtures: detections with confidence ≥ 0.9 are right 99 % of the time, those at 0.5–0.6 about
 * two times in three (expected calibration error ≈ 0.03; `pnpm bench` reports it).
 */
const CONFIDENCE_TEMPERATURE = 0.02;

/**
 * How sure a da/no decision reversed by the spelling evidence is: such reversals were right 80–83 % of the
 * time on the committed corpus and two held-out samples (the pair's own probability mass is ~0.97).
 */
const TIE_BREAK_CONFIDENCE = 0.84;

/** A calibrated confidence from eld's scores: the softmax probability of `language` among all scores. */
export function eldConfidence(scores: Record<string, number>, language: string): number {
  const top = scores[language];
  if (top === undefined) return 0;
  let sum = 0;
  for (const score of Object.values(scores)) sum += Math.exp((score - top) / CONFIDENCE_TEMPERATURE);
  return Math.round((1 / sum) * 1000) / 1000;
}

/**
 * The `eld` (Efficient Language Detector) adapter. eld ships as ESM only, so it is loaded with a
 * dynamic import (works from the CJS build too): the factory is async, `detect` is synchronous. Each
 * detector has its own eld instance (a subset set here does not leak into other detectors).
 */
export async function createEldDetector(options: EldDetectorOptions = {}): Promise<LanguageDetector> {
  const size = options.size ?? "large";
  const mod = await ELD_LOADERS[size]();
  const eld = (mod.eld as EldInstance).newInstance();
  let name = `eld-${size}`;
  if (options.languages?.length) {
    const accepted = Object.values(eld.setLanguageSubset([...options.languages]));
    const unknown = options.languages.filter((code) => !accepted.includes(code));
    if (unknown.length) {
      throw new ConfigError(
        `eld does not know the language code(s) ${unknown.join(", ")}; it uses ISO 639-1 ("no" for Norwegian).`,
        { field: "languages" },
      );
    }
    name += `-subset${options.languages.length}`;
  }
  const tieBreak = options.nordicTieBreak ?? false;
  if (tieBreak) name += "-nordic";

  const danishTieMargin = options.danishTieMargin ?? 0;
  if (danishTieMargin > 0) name += `-da${danishTieMargin}`;

  return {
    name,
    detect(text: string): LanguageGuess {
      if (!/\p{L}/u.test(text)) return { language: null, confidence: 0 };
      const result = eld.detect(text);
      if (!result.language) return { language: null, confidence: 0 };
      const scores = result.getScores();
      const language = result.language;
      if ((tieBreak || danishTieMargin > 0) && (language === "da" || language === "no")) {
        const other = language === "da" ? "no" : "da";
        const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
        if (ranked[1]?.[0] === other) {
          const verdict = tieBreak ? nordicTieBreak(text) : undefined;
          const margin = (ranked[0]?.[1] ?? 0) - ranked[1][1];
          const choice = verdict ?? (language === "no" && margin < danishTieMargin ? "da" : language);
          if (choice !== language) {
            // eld's scores could not tell the two apart; the spelling (or the prior) did. As sure as
            // "one of the two" is, discounted by how often such reversals are right.
            const pair = eldConfidence(scores, "da") + eldConfidence(scores, "no");
            return { language: choice, confidence: Math.round(pair * TIE_BREAK_CONFIDENCE * 1000) / 1000 };
          }
        }
      }
      return { language, confidence: eldConfidence(scores, language) };
    },
  };
}
