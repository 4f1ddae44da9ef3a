import { createLowerCaseTable, LOWER, SPECIAL } from "./lower-case-table.js";

/**
 * eld's word separation (`text.replace(separators, " ")`) without the regular expression. eld's
 * separators are `[^L]+(?<![\x27\x60\u2019])` with the `u` flag, L being the Basic Multilingual Plane's
 * letters: every run of non-letters becomes one space, except that a run keeps its trailing
 * apostrophes (', `, ’), and a run of apostrophes only stays as it is ("don't"). Characters outside the
 * BMP (emoji, and astral letters such as 𝐀) are not letters. Matching that class character by character
 * is most of the regular expression's cost; here it is a 64 K table, read from the regular expression
 * itself (about 70 ms, so the package build stores it with the n-gram tables, see `eld-tables.ts`).
 */

const APOSTROPHES = ["\x27", "\x60", "\u2019"];
const LOOKBEHIND = "(?<![\\x27\\x60\\u2019])";
const LETTER = 1;
const APOSTROPHE = 2;
const SURROGATES = [0xd800, 0xdfff];

/** The size of `classifyEldSeparators`' table: one class per BMP code unit. */
export const SEPARATOR_CLASSES = 0x10000;

/**
 * Each BMP code unit's class under eld's `separators`: 0 separator, LETTER, or APOSTROPHE. Throws if
 * they are not eld 2.1.0's.
 */
export function classifyEldSeparators(separators: RegExp): Uint8Array {
  if (!separators.source.endsWith(LOOKBEHIND) || !separators.unicode || !separators.global) {
    throw new Error("eld's separators are not the expression this module reproduces");
  }
  // Every code unit alone between two letters: a separator is replaced (by either of two marks, so
  // that no character is mistaken for its own replacement), a letter (or an apostrophe, which a lone
  // run keeps) stays. Two passes over a 196 K string instead of 64 K matches.
  let probe = "";
  for (let c = 0; c <= 0xffff; c++) {
    probe += c >= SURROGATES[0]! && c <= SURROGATES[1]! ? "a a" : `a${String.fromCharCode(c)}a`;
  }
  const passes = ["\u0000", "\u0001"].map((mark) => probe.replace(separators, mark));
  if (passes.some((p) => p.length !== probe.length))
    throw new Error("eld's separators changed the probe's length");
  const classes = new Uint8Array(SEPARATOR_CLASSES);
  for (let c = 0; c <= 0xffff; c++) {
    if (c >= SURROGATES[0]! && c <= SURROGATES[1]!) continue;
    if (passes.every((p) => p.charCodeAt(3 * c + 1) === c)) classes[c] = LETTER;
  }
  for (const a of APOSTROPHES) {
    // An apostrophe ending a run is kept; one starting a longer run is replaced with it.
    if (`a${a}.a`.replace(separators, " ") !== "a a" || `a.${a}a`.replace(separators, " ") !== `a ${a}a`) {
      throw new Error("eld's separators treat apostrophes differently");
    }
    classes[a.charCodeAt(0)] = APOSTROPHE;
  }
  return classes;
}

/** Returns `text => text.replace(separators, " ")` for eld's `separators`, or throws if they are not eld 2.1.0's. */
export function compileEldSeparators(separators: RegExp): (text: string) => string {
  return separateByClasses(classifyEldSeparators(separators));
}

/** Where the run of non-letters starting at `from` (itself not a letter) ends. */
function nonLettersEnd(classes: Uint8Array, text: string, from: number, length: number): number {
  let end = from + 1;
  while (end < length && classes[text.charCodeAt(end)] !== LETTER) end++;
  return end;
}

/** Where the run's trailing apostrophes start (eld keeps them: only what precedes them is a separator). */
function apostrophesStart(classes: Uint8Array, text: string, from: number, end: number): number {
  let kept = end;
  while (kept > from && classes[text.charCodeAt(kept - 1)] === APOSTROPHE) kept--;
  return kept;
}

/** `text => text.replace(separators, " ")` from the separators' `classifyEldSeparators` table. */
export function separateByClasses(classes: Uint8Array): (text: string) => string {
  return (text) => {
    const length = text.length;
    let out = "";
    let last = 0;
    let i = 0;
    while (i < length) {
      if (classes[text.charCodeAt(i)] === LETTER) {
        i++;
        continue;
      }
      const end = nonLettersEnd(classes, text, i, length);
      const kept = apostrophesStart(classes, text, i, end);
      if (kept > i) {
        out += `${text.slice(last, i)} `;
        last = kept;
      }
      i = end;
    }
    return out === "" ? text : out + text.slice(last);
  };
}

/** `lowerEldWords`' answer when a text needs the exact path: a letter whose lower case is not one code unit of its own. */
export const NOT_SIMPLE = -1;

const SPACE = 32;

/**
 * `text.substring(0, maxChars).replace(separators, " ").trim().toLowerCase()` (eld's normalisation)
 * written as code units into `out` (at least `maxChars` long), without the three intermediate strings;
 * returns their count, or NOT_SIMPLE when the text has a letter whose lower case is not a single code
 * unit independent of its neighbours (İ → "i̇", Σ → σ or ς): the caller then takes the strings' path.
 * Each letter's lower case is worked out once (`createLowerCaseTable`: exactly the runtime's) and kept
 * in the returned function's own table. `trim` only ever meets the separators' spaces: no character
 * the separators keep is white space (a test checks it).
 */
export function lowerEldWords(
  classes: Uint8Array,
  maxChars: number,
): (text: string, out: Uint16Array) => number {
  const lowerCase = createLowerCaseTable();
  return (text, out) => {
    const length = Math.min(text.length, maxChars);
    let n = 0;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (classes[c] === LETTER) {
        const info = lowerCase(c);
        if (info === SPECIAL) return NOT_SIMPLE;
        out[n++] = info & LOWER;
        i++;
        continue;
      }
      // A run of non-letters, as `separateByClasses` replaces it.
      const end = nonLettersEnd(classes, text, i, length);
      const kept = apostrophesStart(classes, text, i, end);
      // Its space, unless `trim` removes it: at the start, or at the end with no apostrophe after it.
      if (kept > i && i > 0 && kept < length) out[n++] = SPACE;
      // Apostrophes are their own lower case.
      for (let k = kept; k < end; k++) out[n++] = text.charCodeAt(k);
      i = end;
    }
    return n;
  };
}
