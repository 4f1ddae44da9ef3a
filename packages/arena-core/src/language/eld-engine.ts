/** One text as eld ranks it: its answer, the runner-up, and a confidence for any language. */
export interface EldScoring {
  /** eld's answer (ISO 639-1). */
  language: string;
  /** Second in eld's ranking, if any other language scored. */
  runnerUp: string | undefined;
  /** eld's (0..1) score of the answer minus the runner-up's (0 without a runner-up). */
  margin: number;
  /** `eldConfidence` of `code` over all of the text's scores (0 when `code` did not score). */
  confidence(code: string): number;
}

/**
 * What the eld adapter needs from eld: `score` is `detect` + `getScores()`, without the result objects
 * when the engine can avoid them. Two engines: eld's public API, and a compiled one that reproduces
 * it on typed arrays (`createCompiledEldEngine`).
 */
export interface EldEngine {
  readonly kind: "compiled" | "eld";
  /** Every language code the database knows. */
  readonly languages: readonly string[];
  /** From now on, only these (known) languages can be answered. */
  restrict(codes: readonly string[]): void;
  /** undefined when no language scored (no known n-gram). */
  score(text: string): EldScoring | undefined;
}
