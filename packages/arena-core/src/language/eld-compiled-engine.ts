/*
 * Why it is kept: the pipeline's floor (≥ 20,000 records/s on one core) leaves ~50 µs a record, and
 * eld's public API takes ~44 µs a text (this engine ~6 µs; its tables, precompiled by the build, hold
 * 5 MB instead of 47 MB under the CLI's 200 MB memory goal) — see bench/RESULTS.md, "Language detection".
 *
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
import { lowerEldWords, NOT_SIMPLE, separateByClasses } from "./eld-separators.js";
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

/*
 * The confidence is round(1 / Σ exp((score - top) / T)), summed best first. Most of the ~25 languages a
 * text scores are far behind: their terms are below e^-20 and come last, so the sum of the others is
 * exactly the sum eld has reached before them, and they add at most n × 2.1e-9 (+ rounding) to it, on a
 * sum ≥ 1. The answer is a monotone function of the sum (every step rounds monotonically), so when that
 * partial sum and that bound give the same answer, eld's sum, between them, gives it too; otherwise (a
 * sum within ~1e-7 of a rounding edge: rare) the confidence is summed in full, sorted, as before.
 */
/** Terms with a smaller exponent are negligible. */
const NEGLIGIBLE_EXPONENT = -20;
/** A bound of such a term: e^-20 = 2.0612e-9, and Math.exp is within an ulp. */
const NEGLIGIBLE_TERM = 2.1e-9;
/** A bound of the relative rounding error of adding up to 255 terms: (1 + 2^-53)^255 < 1 + 3e-14. */
const SUM_ROUNDING = 1e-13;

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
  const lowerWords = lowerEldWords(tables.separatorClasses, MAX_CHARS);
  const languageCount = codes.length;
  const indexOf = new Map(codes.map((code, i) => [code, i]));
  const byteChar = Uint8Array.from(internals.dictionary, (c) => c.charCodeAt(0));

  // Per-text state, reused.
  const allowed = new Uint8Array(languageCount).fill(1);
  // Sums of integer scores (≤ 0xffff per n-gram, a few hundred n-grams): exact in integers too, and added faster.
  const raw = new Int32Array(languageCount);
  const scaled = new Float64Array(languageCount);
  const sorted = new Float64Array(languageCount);
  const exponents = new Float64Array(languageCount);
  /** The normalised text (see `normalize`); longer than MAX_CHARS only after a text lower-cased longer. */
  let chars = new Uint16Array(MAX_CHARS);
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

  /** eld's textProcessor (`lowerEldWords`, or its strings when a letter needs them) into `chars`; their count. */
  function normalize(text: string): number {
    const count = lowerWords(text, chars);
    if (count !== NOT_SIMPLE) return count;
    const str = separate(text.substring(0, MAX_CHARS)).trim().toLowerCase();
    if (str.length > chars.length) chars = new Uint16Array(str.length);
    for (let i = 0; i < str.length; i++) chars[i] = str.charCodeAt(i);
    return str.length;
  }

  /** eld's textProcessor + strToUtf8Bytes + getByteNgrams + calculateScores, into `raw`. */
  function scoreText(text: string): void {
    const length = normalize(text);
    const str = chars;
    for (let i = 0; i < languageCount; i++) raw[i] = 0; // (cheaper than fill()'s call for ~60)
    ngramCount = 0;
    if (longSeen.size > 0) longSeen.clear(); // (clear() allocates a new table even when empty)
    if (++mark === 0xffffffff) {
      seenMark.fill(0);
      mark = 1;
    }
    let n = 0;
    let bytes = 0;
    for (let i = 0; i < length; i++) {
      let c = str[i]!;
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
        // (Never reached: the separators replace surrogates. A pair cut at the end reads 0, as NaN & 0x3ff.)
        i++;
        c = 0x10000 + (((c & 0x3ff) << 10) | ((i < length ? str[i]! : 0) & 0x3ff));
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

  /**
   * softmax(code) over the scaled scores, summed best first like `eldConfidence` over `getScores()`,
   * to the last bit, mostly without sorting or most of the exponentials (see NEGLIGIBLE_EXPONENT).
   */
  function confidence(code: string): number {
    const index = indexOf.get(code);
    if (index === undefined || !allowed[index] || !(raw[index]! > 0)) return 0;
    const top = scaled[index]!;
    // The exponents of the terms that count, best first (insertion: a handful), and how many do not.
    let count = 0;
    let negligible = 0;
    for (let i = 0; i < languageCount; i++) {
      if (!allowed[i] || !(raw[i]! > 0)) continue;
      const x = (scaled[i]! - top) / CONFIDENCE_TEMPERATURE;
      if (x < NEGLIGIBLE_EXPONENT) {
        negligible++;
        continue;
      }
      let k = count++;
      for (; k > 0 && exponents[k - 1]! < x; k--) exponents[k] = exponents[k - 1]!;
      exponents[k] = x;
    }
    let sum = 0;
    for (let k = 0; k < count; k++) sum += Math.exp(exponents[k]!);
    const answer = roundConfidence(1 / sum);
    if (negligible === 0) return answer;
    // eld's sum goes on from `sum` with the negligible terms: somewhere in [sum, upper]. The answer is a
    // monotone function of the sum, so when both ends give the same answer, so does eld's sum.
    const upper = (sum + negligible * NEGLIGIBLE_TERM) * (1 + SUM_ROUNDING);
    return roundConfidence(1 / upper) === answer ? answer : sortedConfidence(top);
  }

  /** eld's sum itself: every scaled score, sorted, best first. */
  function sortedConfidence(top: number): number {
    let count = 0;
    for (let i = 0; i < languageCount; i++) if (allowed[i] && raw[i]! > 0) sorted[count++] = scaled[i]!;
    sorted.subarray(0, count).sort();
    let sum = 0;
    for (let i = count - 1; i >= 0; i--) sum += Math.exp((sorted[i]! - top) / CONFIDENCE_TEMPERATURE);
    return roundConfidence(1 / sum);
  }

  /** What `score` returns: one object, valid until the next call (like the buffers it reads). */
  const scoring: EldScoring = { language: "", runnerUp: undefined, margin: 0, confidence };

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
      scoring.language = codes[best]!;
      scoring.runnerUp = second < 0 ? undefined : codes[second];
      scoring.margin = second < 0 ? 0 : scaled[first]! - scaled[second]!;
      return scoring;
    },
  };
}
