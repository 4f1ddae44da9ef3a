import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createCompiledEldEngine } from "./eld-compiled-engine.js";
import { createEldDetector } from "./eld-detector.js";
import type { EldEngine } from "./eld-engine.js";
import { COMPILED_ELD_VERSION, type EldSize, eldTablesPath, loadEldInternals } from "./eld-internals.js";
import { createPublicEldEngine } from "./eld-public-engine.js";
import { classifyEldSeparators } from "./eld-separators.js";
import { compileEldTables, writeEldTables } from "./eld-tables.js";
import { parseLabelledTexts } from "./evaluate-detector.js";

const corpusPath = fileURLToPath(new URL("../../bench/fixtures/language-corpus.jsonl", import.meta.url));
const corpus = parseLabelledTexts(readFileSync(corpusPath, "utf8")).map((s) => s.text);

/** Texts that take eld's rarer paths: long words and texts, byte cuts, astral letters, apostrophes, scripts. */
const EDGE_CASES = [
  "",
  "a",
  "ab",
  "abc",
  "abcd",
  "abcde",
  "don't stop believin’ `quoted` ''' ’’",
  `${"a".repeat(71)} ${"b".repeat(72)} ${"æøå".repeat(40)}`,
  `Hovedstadsområdets${"trafikselskabsbestyrelsesformand".repeat(3)} er utilfreds`,
  "a.'b ''x ,\u2019y x\u2019\u2019. `a` ..'' '.' z'!' 's \u2019",
  "tab\tand\nnewline\u00a0nbsp\u3000ideographic\u200bzero-width",
  "𝐇𝐞𝐣 𝐦𝐞𝐝 𝐝𝐢𝐠, 𝐡𝐯𝐨𝐫𝐝𝐚𝐧 𝐠å𝐫 𝐝𝐞𝐭? 🔥🔥 #fyp",
  "İstanbul'da büyük bir İŞ fırsatı ΣΊΣΥΦΟΣ",
  "Привет, как дела? Всё хорошо, спасибо. Это тест.",
  "这是一个测试。我们正在检测语言。日本語のテキストも少しあります。",
  "مرحبا بكم في هذا الاختبار اللغوي الصغير",
  "Ελληνικά κείμενα για δοκιμή της ανίχνευσης γλώσσας",
  "\u{d800}lone surrogate\u{dc00} and a pair 😂 in between",
  corpus.slice(0, 40).join(" "),
  corpus.slice(40, 80).join("\n\t"),
  "x ".repeat(300),
  "ab ".repeat(200),
];

function expectSameScoring(reference: EldEngine, compiled: EldEngine, texts: readonly string[]): void {
  const codes = ["da", "no", "sv", "de", "en"];
  let compared = 0;
  for (const text of texts) {
    const want = reference.score(text);
    const want2 = want && {
      language: want.language,
      runnerUp: want.runnerUp,
      margin: want.margin,
      confidences: codes.map((code) => want.confidence(code)),
    };
    const got = compiled.score(text);
    const got2 = got && {
      language: got.language,
      runnerUp: got.runnerUp,
      margin: got.margin,
      confidences: codes.map((code) => got.confidence(code)),
    };
    expect(got2, text).toEqual(want2);
    compared++;
  }
  expect(compared).toBe(texts.length);
}

async function engines(size: EldSize): Promise<[EldEngine, EldEngine]> {
  const internals = await loadEldInternals(size);
  expect(internals).toBeDefined();
  return [await createPublicEldEngine(size), createCompiledEldEngine(internals!)];
}

describe("the compiled eld engine", () => {
  for (const size of ["extrasmall", "small"] as const) {
    it(`scores exactly like eld's detect + getScores (${size}): corpus and edge cases`, async () => {
      const [reference, compiled] = await engines(size);
      expect(compiled.kind).toBe("compiled");
      expect(compiled.languages).toEqual(reference.languages);
      expectSameScoring(reference, compiled, [...corpus, ...EDGE_CASES]);
    }, 60_000);
  }

  it("restricted to a subset, scores like eld with the same subset", async () => {
    const [reference, compiled] = await engines("extrasmall");
    const subset = ["da", "no", "sv", "de", "en", "nl", "fi"];
    reference.restrict(subset);
    compiled.restrict(subset);
    expectSameScoring(reference, compiled, [...corpus.slice(0, 1500), ...EDGE_CASES]);
    expect(subset).toContain(compiled.score("Привет, как дела? Это тест.")?.language ?? "da");
  }, 60_000);

  it("gives the detector the same guesses as eld's public API (tie-break and Danish prior included)", async () => {
    for (const options of [{ nordicTieBreak: true }, { nordicTieBreak: true, danishTieMargin: 0.02 }]) {
      const reference = await createEldDetector({ size: "extrasmall", ...options, engine: "eld" });
      const compiled = await createEldDetector({ size: "extrasmall", ...options, engine: "compiled" });
      expect(compiled.name).toBe(reference.name);
      const want = [...corpus, ...EDGE_CASES].map((text) => reference.detect(text));
      const got = [...corpus, ...EDGE_CASES].map((text) => compiled.detect(text));
      expect(got).toEqual(want);
      // Reversals by the tie-break are part of what was compared.
      expect(want.filter((g) => g.confidence > 0 && g.confidence < 0.84 * 0.98).length).toBeGreaterThan(50);
    }
  }, 60_000);

  it("refuses a database it cannot hold (the detector then falls back to eld's API)", async () => {
    const internals = (await loadEldInternals("extrasmall"))!;
    const bad = { ...internals, database: { ...internals.database!, ngrams: { " toolong ": { 0: 1 } } } };
    expect(() => createCompiledEldEngine(bad)).toThrow(/longer than 6/);
  });
});

describe("eld's database under the compiled engine", () => {
  it("is garbage once the engine is built: only the engine's tables stay in memory", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const built = await (async () => {
      const internals = (await loadEldInternals("extrasmall"))!;
      return { engine: createCompiledEldEngine(internals), database: new WeakRef(internals.database!) };
    })();
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(built.database.deref()).toBeUndefined();
    expect(built.engine.score("Regeringen vil hæve afgiften på benzin fra næste år")?.language).toBe("da");
  });
});

describe("precompiled tables (dist/eld-extrasmall.tables, written by the package build)", () => {
  it("load without eld's database and score exactly like eld: corpus and edge cases", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eld-tables-"));
    try {
      const fromDatabase = (await loadEldInternals("extrasmall", { tablesDir: dir }))!;
      expect(fromDatabase.database).toBeDefined();
      const path = eldTablesPath("extrasmall", dir);
      await writeEldTables(
        path,
        compileEldTables(fromDatabase.database!, fromDatabase.separators),
        COMPILED_ELD_VERSION,
        "extrasmall",
      );
      const fromTables = (await loadEldInternals("extrasmall", { tablesDir: dir }))!;
      expect(fromTables.database).toBeUndefined();
      expect(fromTables.tables?.slots.length).toBeGreaterThan(0);
      expect(fromTables.tables?.separatorClasses).toEqual(classifyEldSeparators(fromTables.separators));
      expectSameScoring(await createPublicEldEngine("extrasmall"), createCompiledEldEngine(fromTables), [
        ...corpus,
        ...EDGE_CASES,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("are ignored (eld's database is loaded instead) when written for another eld release or size, or damaged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eld-tables-"));
    try {
      const { database, separators } = (await loadEldInternals("extrasmall", { tablesDir: dir }))!;
      const tables = compileEldTables(database!, separators);
      const path = eldTablesPath("extrasmall", dir);
      const loadsDatabase = async () => (await loadEldInternals("extrasmall", { tablesDir: dir }))!.database;
      await writeEldTables(path, tables, "2.0.0", "extrasmall");
      expect(await loadsDatabase()).toBeDefined();
      await writeEldTables(path, tables, COMPILED_ELD_VERSION, "small");
      expect(await loadsDatabase()).toBeDefined();
      await writeEldTables(path, tables, COMPILED_ELD_VERSION, "extrasmall");
      writeFileSync(path, readFileSync(path).subarray(0, -4));
      expect(await loadsDatabase()).toBeDefined();
      writeFileSync(path, "not a table\n");
      expect(await loadsDatabase()).toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
