import { eldConfidence } from "./eld-confidence.js";
import type { EldEngine } from "./eld-engine.js";
import type { EldSize } from "./eld-internals.js";

interface EldResult {
  language: string;
  getScores(): Record<string, number>;
}

interface EldInstance {
  detect(text: string): EldResult;
  setLanguageSubset(languages: string[] | false): Record<number, string>;
  info(): { Languages: Record<string, string> };
  newInstance(): EldInstance;
}

const ELD_LOADERS: Record<EldSize, () => Promise<{ eld: unknown }>> = {
  large: () => import("eld/large"),
  medium: () => import("eld/medium"),
  small: () => import("eld/small"),
  extrasmall: () => import("eld/extrasmall"),
};

/**
 * eld through its public API: `detect` and `getScores()` (which builds a sorted object of every
 * language's score). The reference the compiled engine is tested against, and the engine for an eld
 * release other than the one the compiled engine reproduces. eld ships as ESM only, so it is loaded
 * with a dynamic import (works from the CJS build too); each engine has its own eld instance.
 */
export async function createPublicEldEngine(size: EldSize): Promise<EldEngine> {
  const mod = await ELD_LOADERS[size]();
  const eld = (mod.eld as EldInstance).newInstance();
  return {
    kind: "eld",
    languages: Object.values(eld.info().Languages),
    restrict(codes) {
      eld.setLanguageSubset([...codes]);
    },
    score(text) {
      const result = eld.detect(text);
      if (!result.language) return undefined;
      const scores = result.getScores();
      const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
      return {
        language: result.language,
        runnerUp: ranked[1]?.[0],
        margin: ranked[1] ? (ranked[0]?.[1] ?? 0) - ranked[1][1] : 0,
        confidence: (code) => eldConfidence(scores, code),
      };
    },
  };
}
