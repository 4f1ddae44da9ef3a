import { ConfigError } from "../errors/arena-error.js";
import type { LanguageDetector, LanguageGuess } from "../ports/language-detector.js";
import { createCompiledEldEngine } from "./eld-compiled-engine.js";
import { roundConfidence } from "./eld-confidence.js";
import type { EldEngine } from "./eld-engine.js";
import { type EldSize, loadEldInternals } from "./eld-internals.js";
import { createPublicEldEngine } from "./eld-public-engine.js";
import { hasLetter } from "./has-letter.js";
import { createNordicTieBreak } from "./nordic-tie-break.js";

export type { EldSize } from "./eld-internals.js";

export interface EldDetectorOptions {
  /** eld's n-gram database: large (most accurate, ~140 MB in memory) … extrasmall (~40 MB). */
  size?: EldSize;
  /**
   * Only consider these languages (eld's ISO 639-1 codes; Norwegian is "no", Bokmål and Nynorsk
   * alike). Unknown codes are a `ConfigError`-free no-op in eld, so they are checked here.
   */
  languages?: readonly string[];
  /** Settle da/no near-ties by distinctive spellings (see `nordicTieBreak`; each word's spelling is remembered). */
  nordicTieBreak?: boolean;
  /**
   * When eld's top two are Danish and Norwegian within this score margin (and the spelling, with
   * `nordicTieBreak`, gives no verdict), answer Danish. A prior for a Danish observatory, off by default
   * (0): it trades Norwegian accuracy for Danish (see the README's table).
   */
  danishTieMargin?: number;
  /**
   * How eld is run. "compiled" (the default when the installed eld is the release it reproduces, 2.1.0):
   * eld's database and algorithm on typed arrays, the same answers and confidences about six times
   * faster. "eld": eld's public API (`detect` + `getScores()`). Asking for "compiled" with another eld
   * release is a `ConfigError`.
   */
  engine?: "compiled" | "eld";
}

/**
 * How sure a da/no decision reversed by the spelling evidence is: such reversals were right 80–83 % of the
 * time on the committed corpus and two held-out samples (the pair's own probability mass is ~0.97).
 */
const TIE_BREAK_CONFIDENCE = 0.84;

/** A new guess each time (a caller may keep or freeze it), as a literal: copying a frozen one is slower. */
const noLanguage = (): LanguageGuess => ({ language: null, confidence: 0 });

async function createEngine(size: EldSize, wanted: EldDetectorOptions["engine"]): Promise<EldEngine> {
  if (wanted === "eld") return createPublicEldEngine(size);
  const internals = await loadEldInternals(size);
  if (internals) {
    try {
      return createCompiledEldEngine(internals);
    } catch (error) {
      if (wanted === "compiled") {
        throw new ConfigError("eld's database does not have the shape the compiled engine reads.", {
          field: "languageDetector",
          cause: error,
        });
      }
    }
  } else if (wanted === "compiled") {
    throw new ConfigError('The compiled eld engine needs eld 2.1.0 installed; use engine: "eld".', {
      field: "languageDetector",
    });
  }
  return createPublicEldEngine(size);
}

/**
 * The `eld` (Efficient Language Detector) adapter: eld's answer and a calibrated confidence (a softmax
 * over eld's scores, see `eldConfidence`), optionally settling Danish/Norwegian near-ties by spelling.
 * The factory is async (eld is ESM-only: dynamic imports work from the CJS build too), `detect` is
 * synchronous. Each detector has its own engine (a subset set here does not leak into other detectors).
 */
export async function createEldDetector(options: EldDetectorOptions = {}): Promise<LanguageDetector> {
  const size = options.size ?? "large";
  const engine = await createEngine(size, options.engine);
  let name = `eld-${size}`;
  if (options.languages?.length) {
    const unknown = options.languages.filter((code) => !engine.languages.includes(code));
    if (unknown.length) {
      throw new ConfigError(
        `eld does not know the language code(s) ${unknown.join(", ")}; it uses ISO 639-1 ("no" for Norwegian).`,
        { field: "languages" },
      );
    }
    engine.restrict(options.languages);
    name += `-subset${options.languages.length}`;
  }
  const tieBreak = options.nordicTieBreak ? createNordicTieBreak() : undefined;
  if (tieBreak) name += "-nordic";

  const danishTieMargin = options.danishTieMargin ?? 0;
  if (danishTieMargin > 0) name += `-da${danishTieMargin}`;
  const settlesNordic = tieBreak !== undefined || danishTieMargin > 0;

  return {
    name,
    detect(text: string): LanguageGuess {
      if (!hasLetter(text)) return noLanguage();
      const scoring = engine.score(text);
      if (!scoring) return noLanguage();
      const { language } = scoring;
      if (settlesNordic && (language === "da" || language === "no")) {
        const other = language === "da" ? "no" : "da";
        if (scoring.runnerUp === other) {
          const verdict = tieBreak?.(text);
          const choice = verdict ?? (language === "no" && scoring.margin < danishTieMargin ? "da" : language);
          if (choice !== language) {
            // eld's scores could not tell the two apart; the spelling (or the prior) did. As sure as
            // "one of the two" is, discounted by how often such reversals are right.
            const pair = scoring.confidence("da") + scoring.confidence("no");
            const confidence = roundConfidence(pair * TIE_BREAK_CONFIDENCE);
            return {
              language: choice,
              confidence,
              runnerUp: language,
              margin: roundConfidence(Math.max(0, confidence - (pair - confidence))),
            };
          }
        }
      }
      const confidence = scoring.confidence(language);
      const runnerUp = scoring.runnerUp ?? null;
      const margin = runnerUp === null ? confidence : Math.max(0, confidence - scoring.confidence(runnerUp));
      return { language, confidence, runnerUp, margin: roundConfidence(margin) };
    },
  };
}
