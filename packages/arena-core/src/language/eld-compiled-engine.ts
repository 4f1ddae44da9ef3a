/*
 * eld's detection (eld 2.1.0: src/languageDetector.js, src/LanguageResult.js; Copyright 2023 Nito T.M.,
 * Apache License 2.0, https://github.com/nitotm/efficient-language-detector-js) reproduced on typed
 * arrays: the same words, n-grams, sums and scaling, so the same answers and scores to the last bit (a
 * test compares it with eld's public API on the labelled corpus), in a sixth of the time. eld builds a
 * string and an object entry per n-gram, looks it up in a 50,000-key object and enumerates the hit's
 * languages with for…in; then `getScores()` orders and copies every language's score into an object.
 * Here an n-gram is two integers, the database an open-addressing table of them, and nothing is
 * allocated per n-gram.
 */
import { CONFIDENCE_TEMPERATURE, roundConfidence } from "./eld-confidence.js";
import type { EldEngine, EldScoring } from "./eld-engine.js";
import type { EldInternals } from "./eld-internals.js";
import { separateByClasses } from "./eld-separators.js";
import { compileEldTables, MAX_KEY_CHARS, mix, SLOT } from "./eld-tables.js";

/** eld's hand-picked scale: score = s / (s + 25), s = summed n-gram scores ÷ number of n-grams. */
const SCALE = 25;
/** eld reads the first 1000 characters, then stops at a space after 350 bytes or at any character after 380. */
const MAX_CHARS = 1000;
const CUT_AFTER_BYTES = 350;
const ENFORCE_CUT_AFTER_BYTES = 380;
/** n-grams are taken from the first 70 bytes of a word (the last one runs to the word's end). */
const MAX_WORD_BYTES = 70;
/** Slots of the per-text set of n-grams seen (a text has at most ~200). */
const SEEN_SLOTS = 1024;
const SPACE = 32;

/**
 * An `EldEngine` that computes exactly what eld 2.1.0's `detect` + `getScores()` compute, from eld's own
 * database, separators and byte dictionary (`loadEldInternals`). The scoring it returns is valid until
 * the next `score` call (it shares the engine's buffers). Throws when the database has an unexpected
 * shape.
 */
export function createCompiledEldEngine(internals: EldInternals): EldEngine {
  const tables = internals.tables ?? compileEldTables(internals.database!, internals.separators);
  const { codes, mask, slots, entries } = tables;
  const separate = separateByClasses(tables.separatorClasses);
  const languageCount = codes.length;
  const indexOf = new Map(codes.map((code, i) => [code, i]));
  const byteChar = Uint8Array.from(internals.dictionary, (c) => c.charCodeAt(0));

  // Per-text state, reused.
  const allowed = new Uint8Array(languageCount).fill(1);
  const raw = new Float64Array(languageCount);
  const scaled = new Float64Array(languageCount);
  const sorted = new Float64Array(languageCount);
  let sortedCount = -1;
  const word = new Uint8Array(ENFORCE_CUT_AFTER_BYTES + 8);
  const seenLo = new Uint32Array(SEEN_SLOTS);
  const seenHi = new Uint32Array(SEEN_SLOTS);
  const seenMark = new Uint32Array(SEEN_SLOTS);
  let mark = 0;
  const longSeen = new Set<string>();
  let ngramCount = 0;

  /** Counts the n-gram word[from, to), with a leading and/or trailing space, once; adds its scores if known. */
  function ngram(from: number, to: number, lead: boolean, trail: boolean): void {
    const length = to - from + (lead ? 1 : 0) + (trail ? 1 : 0);
    if (length > MAX_KEY_CHARS) {
      // Only the last n-gram of a word over 70 bytes: never in the database, but counted.
      let text = lead ? " " : "";
      for (let i = from; i < to; i++) text += String.fromCharCode(word[i]!);
      if (trail) text += " ";
      if (!longSeen.has(text)) {
        longSeen.add(text);
        ngramCount++;
      }
      return;
    }
    let lo = 0;
    let hi = length << 16;
    let p = 0;
    if (lead) lo = SPACE;
    if (lead) p = 1;
    for (let i = from; i < to; i++, p++) {
      if (p < 4) lo |= word[i]! << (8 * p);
      else hi |= word[i]! << (8 * (p - 4));
    }
    if (trail) {
      if (p < 4) lo |= SPACE << (8 * p);
      else hi |= SPACE << (8 * (p - 4));
    }
    lo >>>= 0;
    const h = mix(lo, hi);
    let s = h & (SEEN_SLOTS - 1);
    while (seenMark[s] === mark) {
      if (seenLo[s] === lo && seenHi[s] === hi) return;
      s = (s + 1) & (SEEN_SLOTS - 1);
    }
    seenMark[s] = mark;
    seenLo[s] = lo;
    seenHi[s] = hi;
    ngramCount++;
    s = (h << 2) & mask;
    for (;;) {
      const slotHi = slots[s + 1]!;
      if (slotHi === 0) return;
      if (slotHi === hi && slots[s] === lo) {
        const end = slots[s + 3]!;
        for (let e = slots[s + 2]!; e < end; e++) {
          const entry = entries[e]!;
          raw[entry & 0xff]! += entry >>> 8;
        }
        return;
      }
      s = (s + SLOT) & mask;
    }
  }

  /** eld's getByteNgrams for one word of `length` bytes in `word`. */
  function wordNgrams(length: number): void {
    const len = Math.min(length, MAX_WORD_BYTES);
    let j = 0;
    for (; j + 4 < len; j += 3) ngram(j, j + 4, j === 0, false);
    ngram(Math.max(0, len - 4), length, j === 0, true);
  }

  /** eld's textProcessor + strToUtf8Bytes + getByteNgrams + calculateScores, into `raw`. */
  function scoreText(text: string): void {
    const str = separate(text.substring(0, MAX_CHARS)).trim().toLowerCase();
    raw.fill(0);
    ngramCount = 0;
    longSeen.clear();
    if (++mark === 0xffffffff) {
      seenMark.fill(0);
      mark = 1;
    }
    let n = 0;
    let bytes = 0;
    for (let i = 0; i < str.length; i++) {
      let c = str.charCodeAt(i);
      if (c < 0x80) {
        if (c === SPACE) {
          if (n > 0) wordNgrams(n);
          n = 0;
          if (bytes > CUT_AFTER_BYTES) break;
        } else {
          word[n++] = c;
        }
        bytes++;
      } else if (c < 0x800) {
        word[n++] = byteChar[0xc0 | (c >> 6)]!;
        word[n++] = byteChar[0x80 | (c & 0x3f)]!;
        bytes += 2;
      } else if (c < 0xd800 || c >= 0xe000) {
        word[n++] = byteChar[0xe0 | (c >> 12)]!;
        word[n++] = byteChar[0x80 | ((c >> 6) & 0x3f)]!;
        word[n++] = byteChar[0x80 | (c & 0x3f)]!;
        bytes += 3;
      } else {
        i++;
        c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
        word[n++] = byteChar[0xf0 | (c >> 18)]!;
        word[n++] = byteChar[0x80 | ((c >> 12) & 0x3f)]!;
        word[n++] = byteChar[0x80 | ((c >> 6) & 0x3f)]!;
        word[n++] = byteChar[0x80 | (c & 0x3f)]!;
        bytes += 4;
      }
      if (bytes > ENFORCE_CUT_AFTER_BYTES) break;
    }
    if (n > 0) wordNgrams(n);
  }

  /** softmax(code) over the scaled scores, summed best first like `eldConfidence` over `getScores()`. */
  function confidence(code: string): number {
    const index = indexOf.get(code);
    if (index === undefined || !allowed[index] || !(raw[index]! > 0)) return 0;
    if (sortedCount < 0) {
      sortedCount = 0;
      for (let i = 0; i < languageCount; i++)
        if (allowed[i] && raw[i]! > 0) sorted[sortedCount++] = scaled[i]!;
      sorted.subarray(0, sortedCount).sort();
    }
    const top = scaled[index]!;
    let sum = 0;
    for (let i = sortedCount - 1; i >= 0; i--) sum += Math.exp((sorted[i]! - top) / CONFIDENCE_TEMPERATURE);
    return roundConfidence(1 / sum);
  }

  return {
    kind: "compiled",
    languages: codes,
    restrict(only) {
      allowed.fill(0);
      for (const code of only) {
        const index = indexOf.get(code);
        if (index !== undefined) allowed[index] = 1;
      }
    },
    score(text): EldScoring | undefined {
      scoreText(text);
      // eld's getMaxLang: the first language with the highest (positive) sum.
      let best = -1;
      for (let i = 0; i < languageCount; i++) {
        if (allowed[i] && raw[i]! > 0 && (best < 0 || raw[i]! > raw[best]!)) best = i;
      }
      if (best < 0) return undefined;
      // eld's orderAndScale: a stable sort, best first; only the top two are needed here.
      let first = -1;
      let second = -1;
      for (let i = 0; i < languageCount; i++) {
        if (!allowed[i] || !(raw[i]! > 0)) continue;
        const s = raw[i]! / ngramCount;
        const value = s / (s + SCALE);
        scaled[i] = value;
        if (first < 0 || value > scaled[first]!) {
          second = first;
          first = i;
        } else if (second < 0 || value > scaled[second]!) {
          second = i;
        }
      }
      sortedCount = -1;
      return {
        language: codes[best]!,
        runnerUp: second < 0 ? undefined : codes[second],
        margin: second < 0 ? 0 : scaled[first]! - scaled[second]!,
        confidence,
      };
    },
  };
}
