import { collapseWhitespace } from "@observatory/arena-core";

const URL_PATTERN = /https?:\/\/\S+/g;
const MENTION_PATTERN = /@[\p{L}\p{N}._]+/gu;
/** A hashtag's characters (after the #), one code point: what `#[\p{L}\p{N}_]+` (u flag) repeats. */
const TAG_CHAR = /^[\p{L}\p{N}_]$/u;

/**
 * For each UTF-16 code unit, 1 when it is a hashtag character of the Basic Multilingual Plane, read
 * from `TAG_CHAR` itself. (Surrogates are not; a pair is tested as one code point.)
 */
function tagCodeUnits(): Uint8Array {
  const tag = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) if (TAG_CHAR.test(String.fromCharCode(c))) tag[c] = 1;
  return tag;
}

/** A constant table, built when the module loads (~8 ms), never written afterwards: no module-level state. */
const TAG_UNITS = tagCodeUnits();

/** Where the run of hashtag characters starting at `from` ends (`from` itself when there is none). */
function tagEnd(text: string, from: number, tagUnits: Uint8Array): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (tagUnits[c] === 1) {
      i++;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && TAG_CHAR.test(text.slice(i, i + 2))) {
      i += 2; // an astral letter or digit (𝐀, 𝟙): one code point under the u flag
    } else {
      break;
    }
  }
  return i;
}

/**
 * `text.replace(/#[\p{L}\p{N}_]+/gu, " ").replace(/\s+/g, " ").trim()` without the regular
 * expressions: replacing hashtags by spaces only separates words, so the result is the words of the
 * text between the hashtags, joined by single spaces. `indexOf` finds the hashtags (most captions
 * have a few, at the end); each stretch between them is trimmed and collapsed on its own, and a blank
 * one (the space between two hashtags) is skipped without a scan.
 */
function withoutHashtags(text: string): string {
  const tagUnits = TAG_UNITS;
  let out = "";
  let from = 0; // start of the text not yet copied (after the last hashtag)
  let hash = text.indexOf("#");
  while (hash >= 0) {
    const end = tagEnd(text, hash + 1, tagUnits);
    if (end === hash + 1) {
      hash = text.indexOf("#", end); // a lone # is kept
      continue;
    }
    out = joinWords(out, text.slice(from, hash));
    from = end;
    hash = text.indexOf("#", end);
  }
  return joinWords(out, from === 0 ? text : text.slice(from));
}

/** `words` and the words of `stretch`, joined by single spaces. */
function joinWords(words: string, stretch: string): string {
  const trimmed = stretch.trim();
  if (trimmed === "") return words;
  const collapsed = collapseWhitespace(trimmed);
  return words === "" ? collapsed : `${words} ${collapsed}`;
}

/**
 * The text a language detector should see: URLs, @mentions and #hashtags removed (TikTok's hashtags
 * are mostly English platform tags such as #fyp whatever the language of the caption). When nothing is
 * left, the hashtags' words are used instead. (Each pattern only runs when its marker occurs: most
 * captions have no URL or mention; hashtags are found with `indexOf`, not a regular expression.)
 */
export function detectionText(description: string, voiceToText?: string | null): string {
  let caption = description;
  if (caption.includes("http")) caption = caption.replace(URL_PATTERN, " ");
  if (caption.includes("@")) caption = caption.replace(MENTION_PATTERN, " ");
  const hasTags = caption.includes("#");
  const words = hasTags ? withoutHashtags(caption) : collapseWhitespace(caption).trim();
  const base = words.length >= 3 || !hasTags ? words : collapseWhitespace(caption.replace(/#/g, " ")).trim();
  return voiceToText ? `${base} ${voiceToText}`.trim() : base;
}
