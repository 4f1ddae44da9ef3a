import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { guardFormula, unguardFormula } from "./formula-guard.js";

const awkward = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc
    .tuple(
      fc.constantFrom("", "'", "''", "'''"),
      fc.constantFrom("=", "+", "-", "@", "\t", "\r", "x", "", "'"),
      fc.string({ maxLength: 10 }),
    )
    .map(([a, b, c]) => a + b + c),
);

describe("guardFormula", () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'],
    ["+1", "'+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    ["'=already", "''=already"],
    ["klima", "klima"],
    ["'tis", "'tis"],
    ["", ""],
  ])("%j is written as %j", (text, cell) => {
    expect(guardFormula(text)).toBe(cell);
    expect(unguardFormula(cell)).toBe(text);
  });

  it("never leaves a cell a spreadsheet reads as a formula", () => {
    fc.assert(
      fc.property(awkward, (text) => {
        expect(guardFormula(text)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it("round-trips every text exactly", () => {
    fc.assert(
      fc.property(awkward, (text) => {
        expect(unguardFormula(guardFormula(text))).toBe(text);
      }),
    );
  });
});
