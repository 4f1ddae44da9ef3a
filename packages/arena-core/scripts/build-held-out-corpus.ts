// Builds bench/fixtures/language-held-out.jsonl: a labelled set the language detector was NOT tuned on.
// The detector (eld's n-grams, the Nordic tie-break, the Scandinavian discriminator) was tuned on
// Debian's gettext catalogues (bench/fixtures/language-corpus.jsonl) and on the *dev* splits of the
// Universal Dependencies treebanks below; this set is their *test* splits, another source and register
// (news, fiction, blogs, non-fiction written by native speakers), never read while tuning.
//
//   node --import tsx scripts/build-held-out-corpus.ts --ud-dir DIR [--split test] [--out FILE]
//
// DIR holds the treebanks' CoNLL-U files as released (UD 2.x, each CC BY-SA 4.0):
//   da_ddt-ud-test.conllu (UD_Danish-DDT), no_bokmaal-ud-test.conllu (UD_Norwegian-Bokmaal),
//   no_nynorsk-ud-test.conllu (UD_Norwegian-Nynorsk), sv_talbanken-ud-test.conllu (UD_Swedish-Talbanken),
//   en_ewt-ud-test.conllu (UD_English-EWT).
// Only the `# text = …` sentence lines are read. Sentences of < 3 words or < 12 characters are dropped,
// duplicates too; then a deterministic sample by SHA-256 of the text: every Danish sentence, 400 of
// each of nb, nn and sv, 200 English. The output is deterministic for given input files.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const HELD_OUT_SOURCES = [
  { lang: "da", file: "da_ddt", treebank: "UD_Danish-DDT", take: Number.POSITIVE_INFINITY },
  { lang: "nb", file: "no_bokmaal", treebank: "UD_Norwegian-Bokmaal", take: 400 },
  { lang: "nn", file: "no_nynorsk", treebank: "UD_Norwegian-Nynorsk", take: 400 },
  { lang: "sv", file: "sv_talbanken", treebank: "UD_Swedish-Talbanken", take: 400 },
  { lang: "en", file: "en_ewt", treebank: "UD_English-EWT", take: 200 },
] as const;

/** The sentences of a CoNLL-U file (its `# text = ` comments), trimmed. */
export function conlluSentences(conllu: string): string[] {
  const out: string[] = [];
  for (const line of conllu.split("\n")) {
    if (line.startsWith("# text = ")) out.push(line.slice("# text = ".length).trim());
  }
  return out;
}

/** A sentence worth labelling: ≥ 12 characters, ≥ 3 words, mostly letters. */
export function isSentence(text: string): boolean {
  const chars = [...text];
  if (chars.length < 12 || text.split(/\s+/).length < 3) return false;
  const letters = chars.filter((c) => /\p{L}/u.test(c)).length;
  return letters / chars.length >= 0.6;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function main(): void {
  const dir = arg("ud-dir");
  if (!dir) throw new Error("--ud-dir DIR: the folder with the treebanks' .conllu files");
  const split = arg("split", "test")!;
  const out = arg(
    "out",
    fileURLToPath(new URL("../bench/fixtures/language-held-out.jsonl", import.meta.url)),
  )!;
  const lines: string[] = [];
  for (const s of HELD_OUT_SOURCES) {
    const texts = [
      ...new Set(conlluSentences(readFileSync(join(dir, `${s.file}-ud-${split}.conllu`), "utf8"))),
    ]
      .filter(isSentence)
      .map((text) => ({ text, key: sha(`${s.lang}:${text}`) }))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .slice(0, s.take);
    for (const { text } of texts) {
      lines.push(JSON.stringify({ lang: s.lang, text, source: `${s.treebank} ${split}`, variant: "plain" }));
    }
    console.error(`${s.lang}: ${texts.length} sentences from ${s.treebank} (${split})`);
  }
  writeFileSync(out, `${lines.join("\n")}\n`);
  console.error(`wrote ${lines.length} lines to ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
