// Builds bench/fixtures/language-corpus.jsonl: a labelled language-identification set of real text
// written by native speakers, taken from Debian's gettext catalogues (translations of program messages).
//
//   node --import tsx scripts/build-language-corpus.ts [--locale-dir /usr/share/locale] [--per-language 700]
//     [--social-share 0.3] [--skip 0] [--out bench/fixtures/language-corpus.jsonl]
//
// Needs `msgunfmt` (gettext) and the catalogues under /usr/share/locale/{da,nb,nn,sv,de}/LC_MESSAGES.
// English comes from the msgids (the originals). The output is deterministic for a given set of
// catalogues: strings are cleaned, filtered, de-duplicated, then sampled by a hash of their text.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const TRANSLATED = ["da", "nb", "nn", "sv", "de"] as const;
type Label = (typeof TRANSLATED)[number] | "en";

/** Catalogues of names and codes (countries, languages, scripts, currencies, keyboard layouts) are not prose. */
const SKIPPED_CATALOGUE = /^(iso_|xkeyboard-config)/;

/** Hashtags and emoji that say nothing about the language, for the social-media-like variants. */
const NEUTRAL_TAGS = ["#fyp", "#foryou", "#viral", "#tiktok", "#trending", "#foryoupage"];
const EMOJI = ["😂", "🔥", "❤️", "👏", "🙏", "😍", "🤔", "👀", "💯", "😅"];

interface PoEntry {
  msgid: string;
  msgstr: string[];
}

interface CorpusLine {
  lang: Label;
  text: string;
  source: string;
  variant: "plain" | "hashtags" | "emoji" | "short";
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function unquote(line: string): string {
  const body = line.slice(line.indexOf('"') + 1, line.lastIndexOf('"'));
  return body.replace(/\\(.)/g, (_, c: string) => (c === "n" || c === "t" ? " " : c));
}

/** Parses the PO text `msgunfmt` prints (no comments, no fuzzy entries: a .mo holds only translations). */
export function parsePo(text: string): PoEntry[] {
  const entries: PoEntry[] = [];
  let current: PoEntry | undefined;
  let field: { kind: "msgid" | "msgstr" | "other"; index: number } = { kind: "other", index: 0 };
  const flush = () => {
    if (current?.msgid && current.msgstr.some(Boolean)) entries.push(current);
    current = undefined;
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("msgctxt ")) {
      flush();
      field = { kind: "other", index: 0 };
    } else if (line.startsWith("msgid ")) {
      flush();
      current = { msgid: unquote(line), msgstr: [] };
      field = { kind: "msgid", index: 0 };
    } else if (line.startsWith("msgid_plural ")) {
      field = { kind: "other", index: 0 };
    } else if (line.startsWith("msgstr")) {
      const index = Number(/^msgstr\[(\d+)\]/.exec(line)?.[1] ?? 0);
      if (current) current.msgstr[index] = unquote(line);
      field = { kind: "msgstr", index };
    } else if (line.startsWith('"') && current) {
      if (field.kind === "msgid") current.msgid += unquote(line);
      else if (field.kind === "msgstr")
        current.msgstr[field.index] = (current.msgstr[field.index] ?? "") + unquote(line);
    } else if (line.trim() === "") {
      flush();
      field = { kind: "other", index: 0 };
    }
  }
  flush();
  return entries;
}

/** msgunfmt prints a catalogue in its own charset (older ones are ISO-8859-1): decode by its header. */
export function decodeCatalogue(bytes: Buffer): string {
  const charset = /charset=([A-Za-z0-9_-]+)/.exec(bytes.subarray(0, 4096).toString("latin1"))?.[1] ?? "utf-8";
  return new TextDecoder(charset.toLowerCase(), { fatal: false }).decode(bytes);
}

/** Removes what is not language: placeholders, markup, accelerators, options, paths, metavariables. */
export function clean(text: string): string {
  return (
    text
      .replace(/<[^>]*>/g, " ")
      .replace(
        /&(amp|lt|gt|quot|apos);/g,
        (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e]!,
      )
      .replace(/%(\d+\$)?[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|z|j|t|q|I)?[diouxXeEfFgGcCsSpn%]/g, " ")
      .replace(/%\([^)]*\)[a-z]/g, " ")
      .replace(/%[A-Za-z]+%?/g, " ")
      .replace(/\$\{[^}]*\}|\{[^}]*\}/g, " ")
      .replace(/(^|[^\p{L}\p{N}_])[_&](?=\p{L})/gu, "$1")
      .split(/\s+/)
      .filter(
        (token) =>
          token !== "" &&
          !/^[-([«»"'`]*-/.test(token) &&
          !/[/\\=@|~<>]|::|\.\w+\(/.test(token) &&
          !/^[^\p{L}]*[A-Z][A-Z0-9_]+[^\p{L}]*$/u.test(token) &&
          !/\d/.test(token),
      )
      .join(" ")
      // Quotes and brackets left empty by a removed placeholder.
      .replace(/(["'«»“”„‘’‚›‹]) *(["'«»“”„‘’‚›‹])/g, " ")
      .replace(/\s+([,.;:!?)])/g, "$1")
      .replace(/[([]\s*[)\]]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** Keeps prose: ≥ 20 characters, ≥ 3 words, mostly letters. */
export function isProse(text: string): boolean {
  if (text.length < 20) return false;
  const words = text.split(" ").filter((w) => /\p{L}{2,}/u.test(w));
  if (words.length < 3) return false;
  const visible = text.replace(/\s/g, "");
  const letters = visible.replace(/[^\p{L}]/gu, "");
  return letters.length / visible.length >= 0.8;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function socialVariant(line: CorpusLine): CorpusLine {
  const h = Number.parseInt(sha(`variant:${line.text}`).slice(0, 8), 16);
  const tag = (i: number) => NEUTRAL_TAGS[(h >>> i) % NEUTRAL_TAGS.length]!;
  const emoji = (i: number) => EMOJI[(h >>> i) % EMOJI.length]!;
  switch (h % 3) {
    case 0:
      return { ...line, text: `${line.text} ${tag(2)} ${tag(7)} ${emoji(12)}`, variant: "hashtags" };
    case 1:
      return { ...line, text: `${emoji(3)}${emoji(9)} ${line.text} ${emoji(15)}`, variant: "emoji" };
    default: {
      // A short post: the first words (≥ 20 characters) of a real string, with an emoji and a tag.
      const words = line.text.split(" ");
      let short = "";
      for (const word of words) {
        short = short ? `${short} ${word}` : word;
        if (short.length >= 20 && short.split(" ").length >= 3) break;
      }
      return { ...line, text: `${short.replace(/[,.;:]$/, "")} ${emoji(4)} ${tag(11)}`, variant: "short" };
    }
  }
}

function main(): void {
  const localeDir = arg("locale-dir", "/usr/share/locale");
  const perLanguage = Number(arg("per-language", "700"));
  const socialShare = Number(arg("social-share", "0.3"));
  // --skip N takes the next strings of each hash-ordered pool: a held-out set disjoint from the committed one.
  const skip = Number(arg("skip", "0"));
  const out = arg("out", fileURLToPath(new URL("../bench/fixtures/language-corpus.jsonl", import.meta.url)));

  const pools = new Map<Label, Map<string, string>>(); // label → text → source catalogue
  const add = (label: Label, text: string, source: string) => {
    const pool = pools.get(label) ?? new Map<string, string>();
    pools.set(label, pool);
    if (!pool.has(text)) pool.set(text, source);
  };

  for (const lang of TRANSLATED) {
    const dir = join(localeDir, lang, "LC_MESSAGES");
    if (!existsSync(dir)) throw new Error(`no catalogues in ${dir}`);
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(".mo") || SKIPPED_CATALOGUE.test(file)) continue;
      const po = decodeCatalogue(
        execFileSync("msgunfmt", ["--no-wrap", join(dir, file)], {
          stdio: ["ignore", "pipe", "ignore"],
          maxBuffer: 256 * 1024 * 1024,
        }),
      );
      const source = basename(file, ".mo");
      for (const entry of parsePo(po)) {
        const original = clean(entry.msgid);
        if (isProse(original)) add("en", original, source);
        // Plural forms are near-duplicates of the singular: keep the first translation only.
        const translated = entry.msgstr.find(Boolean);
        if (!translated) continue;
        const text = clean(translated);
        // A translator who copied the English original wrote no Danish/Swedish/… text.
        if (isProse(text) && text.toLowerCase() !== original.toLowerCase()) add(lang, text, source);
      }
    }
  }

  // A string found in two languages' catalogues (a shared loanword phrase, a copied translation) is ambiguous.
  const seen = new Map<string, number>();
  for (const pool of pools.values())
    for (const text of pool.keys()) seen.set(text, (seen.get(text) ?? 0) + 1);

  const lines: CorpusLine[] = [];
  for (const label of ["da", "nb", "nn", "sv", "de", "en"] as const) {
    const pool = [...(pools.get(label) ?? new Map<string, string>())].filter(
      ([text]) => seen.get(text) === 1,
    );
    const sampled = pool
      .map(([text, source]) => ({ key: sha(`${label}:${text}`), text, source }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(skip, skip + perLanguage);
    for (const { key, text, source } of sampled) {
      const line: CorpusLine = { lang: label, text, source, variant: "plain" };
      const social = Number.parseInt(key.slice(8, 16), 16) / 0xffffffff < socialShare;
      lines.push(social ? socialVariant(line) : line);
    }
    console.log(`${label}: ${pool.length} candidate strings, ${sampled.length} sampled`);
  }

  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
  console.log(`wrote ${lines.length} lines to ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
