import { describe, expect, it } from "vitest";
import type { LanguageDetector } from "../ports/language-detector.js";
import { memoizeLanguageDetector } from "./memoize-detector.js";

function countingDetector(): LanguageDetector & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: "counting",
    calls,
    detect(text) {
      calls.push(text);
      return { language: text.startsWith("hej") ? "da" : "en", confidence: text.length / 1000 };
    },
  };
}

describe("memoizeLanguageDetector", () => {
  it("detects each distinct text once and answers repeats the same, under the detector's name", () => {
    const inner = countingDetector();
    const memo = memoizeLanguageDetector(inner);
    expect(memo.name).toBe("counting");
    const texts = ["hej med dig", "fyp", "hej med dig", "fyp", "hello", "hej med dig"];
    const guesses = texts.map((t) => memo.detect(t));
    expect(inner.calls).toEqual(["hej med dig", "fyp", "hello"]);
    expect(guesses.map((g) => g.language)).toEqual(["da", "en", "da", "en", "en", "da"]);
    expect(guesses[2]).toEqual(guesses[0]);
    expect(Object.isFrozen(guesses[0])).toBe(true);
  });

  it("is bounded: cleared when full, and long texts are not remembered", () => {
    const inner = countingDetector();
    const memo = memoizeLanguageDetector(inner, { maxEntries: 2, maxTextLength: 10 });
    for (const t of ["a", "b", "c", "a"]) memo.detect(t);
    // "c" found the memo full (a, b) and cleared it; "a" was then forgotten.
    expect(inner.calls).toEqual(["a", "b", "c", "a"]);
    const long = "hej ".repeat(5);
    memo.detect(long);
    memo.detect(long);
    expect(inner.calls.filter((t) => t === long)).toHaveLength(2);
  });
});
