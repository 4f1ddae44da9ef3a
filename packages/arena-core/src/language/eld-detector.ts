import type { LanguageDetector, LanguageGuess } from "../ports/language-detector.js";

export type EldSize = "large" | "medium" | "small" | "extrasmall";

interface EldModule {
  eld: {
    detect(text: string): { language: string; getScores(): Record<string, number>; isReliable(): boolean };
  };
}

const ELD_LOADERS: Record<EldSize, () => Promise<unknown>> = {
  large: () => import("eld/large"),
  medium: () => import("eld/medium"),
  small: () => import("eld/small"),
  extrasmall: () => import("eld/extrasmall"),
};

/**
 * The `eld` (Efficient Language Detector) adapter. eld ships as ESM only, so it is loaded with a
 * dynamic import (works from the CJS build too): the factory is async, `detect` is synchronous.
 */
export async function createEldDetector(options: { size?: EldSize } = {}): Promise<LanguageDetector> {
  const size = options.size ?? "large";
  const mod = (await ELD_LOADERS[size]()) as EldModule;
  const { eld } = mod;
  return {
    name: `eld-${size}`,
    detect(text: string): LanguageGuess {
      const result = eld.detect(text);
      if (!result.language) return { language: null, confidence: 0 };
      const scores = result.getScores();
      const top = scores[result.language] ?? 0;
      const total = Object.values(scores).reduce((sum, v) => sum + v, 0) || 1;
      return { language: result.language, confidence: Math.round((top / total) * 1000) / 1000 };
    },
  };
}
