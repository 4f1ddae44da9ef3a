// The corpus builder (scripts/build-language-corpus.ts) and the committed corpus it wrote.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clean, decodeCatalogue, isProse, parsePo } from "../../scripts/build-language-corpus.js";
import { parseLabelledTexts } from "./evaluate-detector.js";

describe("parsePo", () => {
  it("reads msgid/msgstr pairs, plural forms and continuation lines, and skips the header", () => {
    const po = [
      'msgid ""',
      'msgstr ""',
      '"Content-Type: text/plain; charset=UTF-8\\n"',
      "",
      'msgid "Could not open %s"',
      'msgstr "Kunne ikke åbne %s"',
      "",
      'msgctxt "menu"',
      'msgid "_File"',
      'msgstr "_Fil"',
      "",
      'msgid "%d package"',
      'msgid_plural "%d packages"',
      'msgstr[0] "%d pakke"',
      'msgstr[1] "%d pakker"',
      "",
      'msgid ""',
      '"A long message "',
      '"split in two"',
      'msgstr ""',
      '"En lang besked "',
      '"delt i to \\"citeret\\""',
    ].join("\n");
    expect(parsePo(po)).toEqual([
      { msgid: "Could not open %s", msgstr: ["Kunne ikke åbne %s"] },
      { msgid: "_File", msgstr: ["_Fil"] },
      { msgid: "%d package", msgstr: ["%d pakke", "%d pakker"] },
      { msgid: "A long message split in two", msgstr: ['En lang besked delt i to "citeret"'] },
    ]);
  });
});

describe("clean and isProse", () => {
  it.each([
    ["Kunne ikke åbne %s: %s\\n", "Kunne ikke åbne:"],
    ["_Gem som …", "Gem som …"],
    ["<b>Fejl</b> i filen «%1$s»", "Fejl i filen"],
    ["Brug --force for at overskrive /etc/fstab", "Brug for at overskrive"],
    ["Sæt LC_ALL til C og kør igen (%d forsøg)", "Sæt til C og kør igen ( forsøg)"],
    ["Kopierer {count} filer til $\u{7b}dir}", "Kopierer filer til"],
    ["&Åbn fil", "Åbn fil"],
  ])("clean(%j) = %j", (raw, expected) => {
    expect(clean(raw)).toBe(expected);
  });

  it("keeps prose of ≥ 20 characters and ≥ 3 words, mostly letters", () => {
    expect(isProse("Kunne ikke åbne filen til læsning")).toBe(true);
    expect(isProse("Kunne ikke åbne")).toBe(false); // < 20 characters
    expect(isProse("Indstillingsprogrammet kører")).toBe(false); // 2 words
    expect(isProse("a: b; c, d. e! f? g: h; i, j. k")).toBe(false); // mostly punctuation
  });

  it("decodes a catalogue in the charset its header declares", () => {
    const latin1 = Buffer.from(
      'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\nmsgstr "første"\n',
      "latin1",
    );
    expect(decodeCatalogue(latin1)).toContain("første");
    expect(decodeCatalogue(Buffer.from("charset=UTF-8 første", "utf8"))).toContain("første");
  });
});

describe("the committed corpus (bench/fixtures/language-corpus.jsonl)", () => {
  const samples = parseLabelledTexts(
    readFileSync(new URL("../../bench/fixtures/language-corpus.jsonl", import.meta.url), "utf8"),
  );

  it("holds 700 real strings per language, de-duplicated, ≥ 20 characters, a share social-media-like", () => {
    const byLang = new Map<string, number>();
    for (const s of samples) byLang.set(s.lang, (byLang.get(s.lang) ?? 0) + 1);
    expect(Object.fromEntries(byLang)).toEqual({ da: 700, nb: 700, nn: 700, sv: 700, de: 700, en: 700 });
    expect(new Set(samples.map((s) => s.text)).size).toBe(samples.length);
    for (const s of samples) expect([...s.text].length).toBeGreaterThanOrEqual(20);
    const social = samples.filter((s) => s.variant !== "plain").length / samples.length;
    expect(social).toBeGreaterThan(0.2);
    expect(social).toBeLessThan(0.4);
    expect(samples.some((s) => /#fyp|#foryou/.test(s.text))).toBe(true);
  });

  it("contains no mis-decoded text", () => {
    for (const s of samples) expect(s.text).not.toContain("\uFFFD");
  });
});
