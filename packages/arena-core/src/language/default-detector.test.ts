import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createDefaultLanguageDetector } from "./default-detector.js";
import { evaluateLanguageDetector, parseLabelledTexts } from "./evaluate-detector.js";

const corpusPath = fileURLToPath(new URL("../../bench/fixtures/language-corpus.jsonl", import.meta.url));
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

describe("the default language detector", () => {
  it("reaches ≥ 95 % accuracy on the committed corpus's Danish texts of ≥ 40 characters", async () => {
    const samples = parseLabelledTexts(readFileSync(corpusPath, "utf8"));
    const danishLong = samples.filter((s) => s.lang === "da" && [...s.text].length >= 40);
    expect(danishLong.length).toBeGreaterThan(300);
    const detector = await createDefaultLanguageDetector();
    const evaluation = evaluateLanguageDetector(detector, danishLong);
    expect(evaluation.perLanguage.da!.accuracy).toBeGreaterThanOrEqual(0.95);
  }, 30_000);

  it("is eld (extrasmall) with the Nordic tie-break: the 95 % aim at 50 MB", async () => {
    expect((await createDefaultLanguageDetector()).name).toBe("eld-extrasmall-nordic");
  }, 30_000);

  it.skipIf(!existsSync(`${packageDir}/dist/index.cjs`))(
    "loads from the CommonJS build too (eld is ESM-only, loaded with a dynamic import), compiled engine included",
    () => {
      const text = "Regeringen vil hæve afgiften på benzin fra næste år";
      const out = execFileSync(
        process.execPath,
        [
          "-e",
          "const core = require('./dist/index.cjs');" +
            "Promise.all([core.createDefaultLanguageDetector(), core.createEldDetector({ size: 'extrasmall', engine: 'compiled' })])" +
            `.then((ds) => console.log(ds.map((d) => d.detect('${text}').language).join(' ')))`,
        ],
        { cwd: packageDir, encoding: "utf8" },
      );
      expect(out.trim()).toBe("da da");
    },
    30_000,
  );
});
