import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadEldInternals } from "./eld-internals.js";
import { classifyEldSeparators, compileEldSeparators, lowerEldWords, NOT_SIMPLE } from "./eld-separators.js";

/**
 * Characters the separators and the lower-casing treat differently: apostrophes, separators, white
 * space, emoji, an astral letter, lone surrogates, letters whose case changes their length or class.
 */
const AWKWARD = [
  "'",
  "`",
  "’",
  " ",
  ".",
  ",",
  "!",
  "\n",
  "\u00a0",
  "😂",
  "𝐀",
  "\ud800",
  "\udc00",
  "æ",
  "Æ",
  "ß",
  "ẞ",
  "Ω",
  "Ⅻ",
  "ǅ",
  "中",
  "A",
];

/** Pieces of text to join: the awkward characters, or any short grapheme or binary string. */
const textPiece = fc.oneof(
  fc.constantFrom(...AWKWARD),
  fc.string({ unit: "grapheme", maxLength: 3 }),
  fc.string({ unit: "binary", maxLength: 3 }),
);

/** `check` on 5,000 texts, each joined from at most `maxLength` pieces. */
const forJoinedTexts = (maxLength: number, check: (text: string) => void) =>
  fc.assert(
    fc.property(fc.array(textPiece, { maxLength }), (pieces) => {
      check(pieces.join(""));
    }),
    { numRuns: 5000 },
  );

describe("compileEldSeparators", () => {
  it("replaces exactly what eld's separators expression replaces", async () => {
    const { separators } = (await loadEldInternals("extrasmall"))!;
    const separate = compileEldSeparators(separators);
    const reference = (text: string) => text.replace(separators, " ");
    for (const text of [
      "",
      "don't",
      "a.'b",
      "''",
      "x ,’y",
      "`a`",
      "..'' '.' z'!'",
      "𝐇𝐞𝐣 😂 ok",
      "\ud800x\udc00",
    ]) {
      expect(separate(text), text).toBe(reference(text));
    }
    forJoinedTexts(16, (text) => expect(separate(text)).toBe(reference(text)));
  });

  it("refuses another expression", () => {
    expect(() => compileEldSeparators(/[^a-z]+/gu)).toThrow(/not the expression/);
  });
});

describe("lowerEldWords", () => {
  const MAX = 40;
  const setup = async () => {
    const { separators } = (await loadEldInternals("extrasmall"))!;
    const classes = classifyEldSeparators(separators);
    const lower = lowerEldWords(classes, MAX);
    const out = new Uint16Array(MAX);
    const reference = (text: string) => text.substring(0, MAX).replace(separators, " ").trim().toLowerCase();
    const fast = (text: string) => {
      const n = lower(text, out);
      return n === NOT_SIMPLE ? undefined : String.fromCharCode(...out.subarray(0, n));
    };
    return { classes, reference, fast };
  };

  it("is eld's separate + trim + toLowerCase, or NOT_SIMPLE for a letter lower-cased with its context", async () => {
    const { reference, fast } = await setup();
    expect(fast("İstanbul")).toBeUndefined();
    expect(fast("ΟΔΟΣ")).toBeUndefined();
    expect(fast("  Don't STOP’ ..’x `a` '' ")).toBe(reference("  Don't STOP’ ..’x `a` '' "));
    forJoinedTexts(24, (text) => {
      const got = fast(text);
      if (got !== undefined) expect(got).toBe(reference(text));
    });
  });

  it("lower-cases every letter of the Basic Multilingual Plane as toLowerCase does, between letters and alone", async () => {
    const { classes, reference, fast } = await setup();
    let simple = 0;
    for (let c = 0; c < 0x10000; c++) {
      if (classes[c] !== 1) continue;
      const ch = String.fromCharCode(c);
      for (const text of [ch, `A${ch}B`, `${ch}${ch} ${ch}`]) {
        const got = fast(text);
        if (got === undefined) continue;
        simple++;
        if (got !== reference(text)) expect(got, `U+${c.toString(16)} in ${text}`).toBe(reference(text));
      }
    }
    expect(simple).toBeGreaterThan(100_000);
  });

  it("only ever meets its own spaces when trimming: no character the separators keep is white space", async () => {
    const { classes } = await setup();
    const kept = [];
    for (let c = 0; c < 0x10000; c++) if (classes[c] !== 0) kept.push(String.fromCharCode(c));
    expect(kept.length).toBeGreaterThan(40_000);
    expect(kept.filter((ch) => /\s/.test(ch))).toEqual([]);
  });
});
