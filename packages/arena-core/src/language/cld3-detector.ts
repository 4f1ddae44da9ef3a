import { ConfigError } from "../errors/arena-error.js";
import type { LanguageDetector, LanguageGuess } from "../ports/language-detector.js";
import { hasLetter } from "./has-letter.js";

interface Cld3Result {
  language: string;
  probability: number;
  is_reliable: boolean;
}

interface Cld3Module {
  loadModule(options?: { timeout?: number }): Promise<{
    create(minBytes?: number, maxBytes?: number): { findLanguage(text: string): Cld3Result };
  }>;
}

export interface Cld3DetectorOptions {
  /** Texts shorter than this (UTF-8 bytes) get no language. cld3's own default is 140; ours 0. */
  minBytes?: number;
  /** Only the first `maxBytes` bytes are read (default 1000). */
  maxBytes?: number;
  /** Loads the module; injectable for tests. Default: `import("cld3-asm")`. */
  load?: () => Promise<unknown>;
}

/** cld3 answers a few legacy or script-tagged codes; the UCR wants ISO 639 codes. */
const CLD3_CODES: Readonly<Record<string, string>> = { iw: "he", jw: "jv", in: "id" };

export function normalizeCld3Code(code: string): string | null {
  if (!code || code === "und") return null;
  const base = code.split("-")[0]!.toLowerCase();
  return CLD3_CODES[base] ?? base;
}

/**
 * The cld3-asm adapter (Google's Compact Language Detector 3 as WebAssembly). cld3-asm is an optional
 * peer dependency: install it (`pnpm add cld3-asm@4.0.0`) to use this detector. The default detector
 * is eld, which measured better on short Nordic texts (see the README).
 */
export async function createCld3Detector(options: Cld3DetectorOptions = {}): Promise<LanguageDetector> {
  let mod: Cld3Module;
  try {
    mod = (await (options.load ?? (() => import("cld3-asm")))()) as Cld3Module;
  } catch (error) {
    throw new ConfigError(
      "The cld3 language detector needs the optional package cld3-asm: install it with " +
        "`pnpm add cld3-asm@4.0.0`, or use createDefaultLanguageDetector() (eld).",
      { field: "languageDetector", cause: error },
    );
  }
  if (typeof mod?.loadModule !== "function") {
    throw new ConfigError("cld3-asm did not load (no loadModule export): reinstall cld3-asm@4.0.0.", {
      field: "languageDetector",
    });
  }
  const factory = await mod.loadModule();
  const identifier = factory.create(options.minBytes ?? 0, options.maxBytes ?? 1000);
  return {
    name: "cld3",
    detect(text: string): LanguageGuess {
      // cld3 answers "ja" for an empty string: no letters, no language.
      if (!hasLetter(text)) return { language: null, confidence: 0 };
      const result = identifier.findLanguage(text);
      const language = normalizeCld3Code(result.language);
      if (!language) return { language: null, confidence: 0 };
      return { language, confidence: Math.round(result.probability * 1000) / 1000 };
    },
  };
}
