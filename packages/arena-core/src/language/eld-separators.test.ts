import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadEldInternals } from "./eld-internals.js";
import { compileEldSeparators } from "./eld-separators.js";

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
    const piece = fc.oneof(
      fc.constantFrom(
        "'",
        "`",
        "’",
        " ",
        ".",
        ",",
        "!",
        "\n",
        "😂",
        "𝐀",
        "\ud800",
        "\udc00",
        "æ",
        "ß",
        "Ω",
        "中",
      ),
      fc.string({ unit: "grapheme", maxLength: 3 }),
      fc.string({ unit: "binary", maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const text = pieces.join("");
        expect(separate(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses another expression", () => {
    expect(() => compileEldSeparators(/[^a-z]+/gu)).toThrow(/not the expression/);
  });
});
