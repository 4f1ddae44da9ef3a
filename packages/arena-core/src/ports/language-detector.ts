export interface LanguageGuess {
  /** ISO 639-1 code, or null when the text is too short or too mixed to tell. */
  language: string | null;
  /** 0..1 */
  confidence: number;
  /**
   * The second most likely language, when the detector ranks languages (eld does): where the evidence
   * is thin (Danish vs Norwegian on a short text) a record says what else it could be.
   */
  runnerUp?: string | null;
  /** `confidence` minus the runner-up's confidence (0..1): small means "could as well be the runner-up". */
  margin?: number;
}

/** Detects the language of a text (never from the author's region). Synchronous: it is on the hot path. */
export interface LanguageDetector {
  readonly name: string;
  detect(text: string): LanguageGuess;
}
