import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLabelledTexts } from "./evaluate-detector.js";
import { createNordicTieBreak, nordicEvidence, nordicTieBreak } from "./nordic-tie-break.js";

describe("nordicTieBreak", () => {
  it.each([
    ["Kunne ikke oprette forbindelse efter opdateringen", "da"],
    ["Fejl: værdien er ugyldigt angivet", "da"],
    ["Sikkerheden af installationen er kontrolleret", "da"],
    ["Værktøjet kunne ikke udskrive filen", "da"],
    ["Klarte ikke å opprette forbindelse etter oppdateringen", "no"],
    ["Feil: verdien er ugyldig", "no"],
    ["Sikkerheten til installasjonen er kontrollert", "no"],
    ["Verktøyet kunne ikke skrive ut fila", "no"],
    ["Kan ikkje opna fila frå tenaren", "no"],
  ] as const)("%s → %s", (text, expected) => {
    expect(nordicTieBreak(text)).toBe(expected);
  });

  it("has no opinion on text spelt the same in both languages", () => {
    for (const text of [
      "Den inkonsistente tilstand for knappen",
      "Skriv navnene på valgte kategorier",
      "",
      "😂 #fyp",
    ]) {
      expect(nordicTieBreak(text), text).toBeUndefined();
    }
  });

  it("does not count the 'ær' words Norwegian shares with Danish (være, nær, særlig)", () => {
    expect(nordicEvidence("være nær særlig")).toEqual({ danish: 0, norwegian: 0 });
    expect(nordicEvidence("værdi mængde")).toEqual({ danish: 2, norwegian: 0 });
  });

  it("counts each word once and lets a word with both languages' marks count for neither", () => {
    expect(nordicEvidence("af af av")).toEqual({ danish: 2, norwegian: 1 });
    // "opsjon": a Danish op- prefix and a Norwegian -sjon ending.
    expect(nordicEvidence("opsjon")).toEqual({ danish: 0, norwegian: 0 });
    expect(nordicTieBreak("af av")).toBeUndefined();
  });

  it("ignores case and punctuation", () => {
    expect(nordicEvidence("EFTER, Fejl! (opdatering)")).toEqual({ danish: 3, norwegian: 0 });
  });
});

describe("createNordicTieBreak", () => {
  it("gives nordicTieBreak's verdicts on the labelled corpus, remembering words within its bound", () => {
    const corpus = parseLabelledTexts(
      readFileSync(
        fileURLToPath(new URL("../../bench/fixtures/language-corpus.jsonl", import.meta.url)),
        "utf8",
      ),
    );
    // A small bound, so the map is cleared many times during the pass.
    const remembering = createNordicTieBreak(500);
    let opinions = 0;
    for (const { text } of [...corpus, ...corpus]) {
      const want = nordicTieBreak(text);
      expect(remembering(text), text).toBe(want);
      if (want) opinions++;
    }
    expect(opinions).toBeGreaterThan(1000);
  });

  it("reads texts the table cannot lower-case alone like nordicTieBreak: İ, Σ, astral letters, emoji, lone surrogates", () => {
    const remembering = createNordicTieBreak(3);
    const pieces = [
      "Fejl",
      "FEJL",
      "feil",
      "KJENT",
      "İnstallér",
      "ΣΥΣ",
      "udσ",
      "𝐅𝐞𝐣𝐥",
      "𐐀fejl",
      "fejl😂feil",
      "😂",
      "\ud800",
      "\udc00feil",
      "feil\ud83d",
      "Ⓐfejl",
      "ⅫAF",
      "ǅEFTER",
      "ß",
      "ẞUT",
      " ",
      "-",
      "’",
      "\u0307",
    ];
    let seed = 7;
    const pick = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return pieces[seed % pieces.length]!;
    };
    for (let k = 0; k < 3000; k++) {
      let text = "";
      for (let j = k % 7; j >= 0; j--) text += pick();
      expect(remembering(text), JSON.stringify(text)).toBe(nordicTieBreak(text));
    }
  });
});
