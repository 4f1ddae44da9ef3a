import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collapseWhitespace } from "./collapse-whitespace.js";

describe("collapseWhitespace", () => {
  it("turns every whitespace run into one space", () => {
    expect(collapseWhitespace("a\t\tb\n\nc  d\u00a0e \u3000f\r\ng")).toBe("a b c d e f g");
    expect(collapseWhitespace("  lead and trail  ")).toBe(" lead and trail ");
    expect(collapseWhitespace("single spaces only")).toBe("single spaces only");
    expect(collapseWhitespace("a\u2028b")).toBe("a b");
  });

  it("equals text.replace(/\\s+/g, ' ') on any text", () => {
    const whitespace = fc.constantFrom(
      " ",
      "\t",
      "\n",
      "\r",
      "\u00a0",
      "\u2003",
      "\u3000",
      "\ufeff",
      "\u2029",
    );
    const piece = fc.oneof(whitespace, fc.string({ unit: "grapheme", maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const text = pieces.join("");
        expect(collapseWhitespace(text)).toBe(text.replace(/\s+/g, " "));
      }),
      { numRuns: 2000 },
    );
  });

  it("treats every UTF-16 code unit as \\s does (its whitespace class is spelled out)", () => {
    const reference = (text: string) => text.replace(/\s+/g, " ");
    const differing: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      for (const text of [`a${ch}b`, `a${ch}${ch}b`, `a ${ch}b`, `a${ch} b`]) {
        if (collapseWhitespace(text) !== reference(text)) differing.push(c);
      }
    }
    expect(differing).toEqual([]);
  });
});
