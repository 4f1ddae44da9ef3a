import { collapseWhitespace } from "@observatory/arena-core";

const URL_PATTERN = /https?:\/\/\S+/g;
const MENTION_PATTERN = /@[\p{L}\p{N}._]+/gu;
/** A hashtag's characters (after the #), one code point: what `#[\p{L}\p{N}_]+` (u flag) repeats. */
const TAG_CHAR = /^[\p{L}\p{N}_]$/u;
const WHITESPACE = /^\s$/;

const HASH = 35; // #
const SPACE = 32;
const TAG = 1;
const BLANK = 2;

/**
 * Each UTF-16 code unit's class, read from the regular expressions themselves: TAG for a hashtag
 * character of the Basic Multilingual Plane, BLANK for `\s`. (Surrogates are neither; a pair is
 * tested as one code point.)
 */
function codeUnitClasses(): Uint8Array {
  const classes = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const s = String.fromCharCode(c);
    if (TAG_CHAR.test(s)) classes[c] = TAG;
    else if (WHITESPACE.test(s)) classes[c] = BLANK;
  }
  return classes;
}

/** A constant table, built when the module loads (~8 ms), never written afterwards: no module-level state. */
const CLASSES = codeUnitClasses();

/** Where the run of hashtag characters starting at `from` ends (`from` itself when there is none). */
function tagEnd(text: string, from: number, cls: Uint8Array): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (cls[c] === TAG) {
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
 * `text.replace(/#[\p{L}\p{N}_]+/gu, " ").replace(/\s+/g, " ").trim()` in one scan: hashtags and
 * whitespace runs become one space, none at either end, and the text is copied in runs (a single
 * space between two kept characters stays inside its run).
 */
function withoutHashtags(text: string): string {
  const cls = CLASSES;
  const length = text.length;
  let out = "";
  let run = -1; // start of the run of kept characters being copied, or -1
  let gap = false; // whitespace or a hashtag since the last kept character
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    let skip = 0;
    if (c === HASH) {
      const end = tagEnd(text, i + 1, cls);
      if (end > i + 1) skip = end - i; // a hashtag; a lone # is kept
    } else if (cls[c] === BLANK) {
      skip = 1;
      if (c === SPACE && run >= 0 && i + 1 < length) {
        // A lone space before a kept character stays in the run.
        const next = text.charCodeAt(i + 1);
        if (cls[next] !== BLANK && (next !== HASH || tagEnd(text, i + 2, cls) === i + 2)) {
          i++;
          continue;
        }
      }
    }
    if (skip > 0) {
      if (run >= 0) {
        out += text.slice(run, i);
        run = -1;
      }
      gap = true;
      i += skip;
      continue;
    }
    if (run < 0) {
      if (gap && out !== "") out += " ";
      gap = false;
      run = i;
    }
    i++;
  }
  if (run >= 0) out = run === 0 ? text : out + text.slice(run);
  return out;
}

/**
 * The text a language detector should see: URLs, @mentions and #hashtags removed (TikTok's hashtags
 * are mostly English platform tags such as #fyp whatever the language of the caption). When nothing is
 * left, the hashtags' words are used instead. (Each pattern only runs when its marker occurs: most
 * captions have no URL or mention; hashtags and whitespace are removed in one scan.)
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
