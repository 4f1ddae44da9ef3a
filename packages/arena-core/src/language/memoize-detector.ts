import type { LanguageDetector, LanguageGuess } from "../ports/language-detector.js";

export interface DetectorMemoOptions {
  /** Remembered texts; the memo is cleared when it is full (default 10,000). */
  maxEntries?: number;
  /** Longer texts are detected every time, not remembered (default 400 characters): they rarely repeat. */
  maxTextLength?: number;
}

/**
 * A detector that remembers its answers by exact text: on social media many texts repeat ("#fyp",
 * stock captions), and detection is the costliest step of normalising a post. Bounded: at most
 * `maxEntries` texts of at most `maxTextLength` characters (≈ 8 MB with the defaults), cleared when
 * full. Same name and answers as `detector` (a detector is a function of the text); the remembered
 * guesses are frozen, shared objects.
 */
export function memoizeLanguageDetector(
  detector: LanguageDetector,
  options: DetectorMemoOptions = {},
): LanguageDetector {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxTextLength = options.maxTextLength ?? 400;
  const known = new Map<string, LanguageGuess>();
  return {
    name: detector.name,
    detect(text: string): LanguageGuess {
      if (text.length > maxTextLength) return detector.detect(text);
      let guess = known.get(text);
      if (!guess) {
        if (known.size >= maxEntries) known.clear();
        guess = Object.freeze(detector.detect(text));
        known.set(text, guess);
      }
      return guess;
    },
  };
}
