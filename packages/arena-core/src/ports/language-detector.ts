export interface LanguageGuess {
  /** ISO 639-1 code, or null when the text is too short or too mixed to tell. */
  language: string | null;
  /** 0..1 */
  confidence: number;
}

/** Detects the language of a text (never from the author's region). Synchronous: it is on the hot path. */
export interface LanguageDetector {
  readonly name: string;
  detect(text: string): LanguageGuess;
}
