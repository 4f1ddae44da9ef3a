// Detectors from the npm registry measured against eld in the language benchmark (bench-only wrappers:
// none of them was competitive, so none has an adapter in src/). Each is loaded only when measured.
import { createRequire } from "node:module";
import { hasLetter } from "../src/language/has-letter.js";
import type { LanguageDetector, LanguageGuess } from "../src/ports/language-detector.js";

const NONE: LanguageGuess = { language: null, confidence: 0 };

/** franc answers ISO 639-3; the corpus is labelled in ISO 639-1 (nb/nn for Norwegian). */
const ISO_639_3: Readonly<Record<string, string>> = {
  dan: "da",
  nob: "nb",
  nno: "nn",
  swe: "sv",
  deu: "de",
  eng: "en",
  nld: "nl",
  isl: "is",
  fin: "fi",
  fra: "fr",
};

/** tinyld 1.3.4 (pure JS, n-grams; its default model): `detectAll`'s best language, its `accuracy` as the confidence. */
export async function createTinyldDetector(): Promise<LanguageDetector> {
  const tinyld = (await import("tinyld")) as {
    detectAll(text: string): { lang: string; accuracy: number }[];
  };
  return {
    name: "tinyld",
    detect(text) {
      const best = tinyld.detectAll(text)[0];
      return best ? { language: best.lang, confidence: Math.min(1, best.accuracy) } : NONE;
    },
  };
}

/**
 * franc-min 6.2.0 (trigrams, the 82 languages with ≥ 8 M speakers: no Danish, Norwegian or Icelandic).
 * franc scores the best language 1; the confidence is 1 − the runner-up's score.
 */
export async function createFrancMinDetector(): Promise<LanguageDetector> {
  const { francAll } = (await import("franc-min")) as {
    francAll(text: string, options?: { minLength?: number }): [string, number][];
  };
  return {
    name: "franc-min",
    detect(text) {
      const [best, second] = francAll(text, { minLength: 1 });
      if (!best || best[0] === "und") return NONE;
      return { language: ISO_639_3[best[0]] ?? best[0], confidence: 1 - (second?.[1] ?? 0) };
    },
  };
}

interface Cld2Result {
  languages: { code: string; percent: number }[];
}

/**
 * cld 2.10.1: Google's CLD2 as a native addon (node-gyp). Its module only exports an async `detect`;
 * the addon's own synchronous `detect` is called here. CLD2 gives no probability: the share of the
 * text in the best language (`percent`) stands in as the confidence. Not a dependency (it needs a
 * C++ build with Node's headers at install): `npm_config_nodedir=/usr pnpm add -D -E cld@2.10.1`.
 */
export async function createCld2Detector(): Promise<LanguageDetector> {
  const require = createRequire(import.meta.url);
  const cld = require("cld/build/Release/cld.node") as {
    detect(text: string, plain: boolean, ...hints: [string, string, string, string, boolean]): Cld2Result;
  };
  return {
    name: "cld2",
    detect(text) {
      if (!hasLetter(text)) return NONE;
      let result: Cld2Result;
      try {
        result = cld.detect(text, true, "", "", "", "", false);
      } catch {
        return NONE;
      }
      const best = result.languages[0];
      if (!best || best.code === "un") return NONE;
      return { language: best.code, confidence: best.percent / 100 };
    },
  };
}
