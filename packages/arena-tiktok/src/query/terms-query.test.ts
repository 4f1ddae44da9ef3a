import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchedTerms } from "./terms-query.js";

/** The first implementation (a Set of the hashtags, `filter`): the loop must answer the same. */
function reference(terms: readonly string[], video: { description: string; hashtags: readonly string[] }) {
  const description = video.description.toLowerCase();
  const hashtags = new Set(video.hashtags.map((h) => h.toLowerCase()));
  return terms.filter((term) =>
    term.startsWith("#")
      ? hashtags.has(term.slice(1).toLowerCase())
      : description.includes(term.toLowerCase()),
  );
}

describe("matchedTerms", () => {
  it("keeps the terms a video matches, in the terms' order: keywords in the description, hashtags by name", () => {
    const video = { description: "Klima og KLIMAET i dag #DKpol", hashtags: ["DKPol", "fyp"] };
    expect(matchedTerms(["#fyp", "klima", "#dkpol", "#klima", "vejr", "klima"], video)).toEqual([
      "#fyp",
      "klima",
      "#dkpol",
      "klima",
    ]);
    expect(matchedTerms([], video)).toEqual([]);
    expect(matchedTerms(["#İstanbul", "σ"], { description: "ΣΑΣ", hashtags: ["i̇stanbul"] })).toEqual([
      "#İstanbul",
      "σ",
    ]);
  });

  it("equals the reference on any terms and video", () => {
    const word = fc.oneof(
      fc.constantFrom(
        "klima",
        "KLIMA",
        "#dkpol",
        "#DKPOL",
        "dkpol",
        "#",
        "",
        "İ",
        "i̇",
        "Σ",
        "σ",
        "ς",
        "@bob",
      ),
      fc.string({ unit: "grapheme", maxLength: 4 }),
    );
    const term = fc.oneof(
      word,
      word.map((w) => `#${w}`),
    );
    fc.assert(
      fc.property(
        fc.array(term, { maxLength: 5 }),
        fc.array(word, { maxLength: 6 }),
        fc.array(word),
        (terms, hashtags, words) => {
          const video = { description: words.join(" "), hashtags };
          expect(matchedTerms(terms, video)).toEqual(reference(terms, video));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
