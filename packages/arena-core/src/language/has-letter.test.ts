import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasLetter } from "./has-letter.js";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const builds = ["dist/index.js", "dist/index.cjs"].map((file) => join(packageDir, file));

describe("hasLetter", () => {
  it("finds a letter of any script, and none in digits, emoji or punctuation", () => {
    for (const text of ["a", "æ", "Ж", "日本", "  x 1", "🙂é", "Z", "12345678é", "123456789a"])
      expect(hasLetter(text), text).toBe(true);
    for (const text of ["", "123", "🙂🙂", "#@!? …", "\u00a0\t\n", "𝟙𝟚", "@[`{", "@[`{~^_ 0123456789"])
      expect(hasLetter(text), text).toBe(false);
  });

  // The build rewrites `\p{…}` literals as `new RegExp("…")` where they stand: inside a function that
  // is a new RegExp object per call (it was in every detect()).
  it.skipIf(!builds.every((file) => existsSync(file)))(
    "the built package compiles no regular expression inside a function",
    () => {
      for (const file of builds) {
        const perCall = readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => /^\s+.*new RegExp\(["'`]/.test(line));
        expect(perCall, file).toEqual([]);
      }
    },
  );
});
