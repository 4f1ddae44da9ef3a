/*
 * eld's n-gram database as one open-addressing table of integers (see `createCompiledEldEngine`), and
 * that table as a file: built from eld's database when the package is built, so a process loads
 * ~2 MB of typed arrays instead of evaluating eld's database (~25 MB of heap for a moment, ~0.3 s) and
 * classifying eld's word separators (~70 ms).
 */
import { readFile, writeFile } from "node:fs/promises";
import { endianness } from "node:os";
import type { EldDatabase, EldSize } from "./eld-internals.js";
import { classifyEldSeparators, SEPARATOR_CLASSES } from "./eld-separators.js";

/** eld stores n-gram scores minus this minimum. */
const BASE_NGRAM_SCORE = 53;
/** The longest n-gram the table holds: a space, four bytes, a space. Longer ones are never in the database. */
export const MAX_KEY_CHARS = 6;
/** Words per slot (a slot's offset is its hash << 2). */
export const SLOT = 4;
const FORMAT = 2;

/**
 * The database as one open-addressing table. A slot is four words, read together (one cache line
 * for most probes: detection is dominated by memory latency once the rest of a pipeline has run
 * through the cache): the n-gram's key words, and its first and past-the-last entry. An entry is a
 * language index and its score + 53 in one word. An empty slot has hi = 0 (a key's hi holds its length).
 */
export interface EldTables {
  /** Language index → eld's ISO 639-1 code. */
  codes: readonly string[];
  /** (slots - 1) * SLOT: masks a slot's offset. */
  mask: number;
  slots: Uint32Array;
  /** language | (score + 53) << 8. */
  entries: Uint32Array;
  /** eld's word separators as a class per BMP code unit (`classifyEldSeparators`). */
  separatorClasses: Uint8Array;
}

/** A 32-bit hash of an n-gram's two key words. */
export function mix(lo: number, hi: number): number {
  let h = Math.imul(lo, 0x9e3779b1) ^ Math.imul(hi ^ 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h >>> 0;
}

/** An n-gram of ≤ 6 characters < 256 as two integers: four characters, then two and the length. */
function keyOf(ngram: string): [number, number] {
  let lo = 0;
  let hi = ngram.length << 16;
  for (let i = 0; i < ngram.length; i++) {
    const c = ngram.charCodeAt(i);
    if (i < 4) lo |= c << (8 * i);
    else hi |= c << (8 * (i - 4));
  }
  return [lo >>> 0, hi];
}

/** Builds the tables, or throws when the database or separators are not what eld 2.1.0 ships (the caller falls back). */
export function compileEldTables(database: EldDatabase, separators: RegExp): EldTables {
  const codes: string[] = [];
  for (const [index, code] of Object.entries(database.languages)) {
    if (Number(index) !== codes.length) throw new Error("eld's language indexes are not 0..n-1");
    codes.push(code);
  }
  const languageCount = codes.length;
  const { ngrams } = database;
  const keys = Object.keys(ngrams);
  let entryCount = 0;
  for (const key of keys) {
    if (key.length > MAX_KEY_CHARS) throw new Error(`eld n-gram longer than ${MAX_KEY_CHARS}: ${key}`);
    for (let i = 0; i < key.length; i++) {
      if (key.charCodeAt(i) > 255) throw new Error("eld n-gram outside the byte dictionary");
    }
    for (const _ in ngrams[key]) entryCount++;
  }
  let size = 1;
  while (size < keys.length * 2) size *= 2;
  const mask = (size - 1) * SLOT;
  const slots = new Uint32Array(size * SLOT);
  const entries = new Uint32Array(entryCount);
  let e = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const [lo, hi] = keyOf(key);
    let s = (mix(lo, hi) << 2) & mask;
    while (slots[s + 1] !== 0) s = (s + SLOT) & mask;
    slots[s] = lo;
    slots[s + 1] = hi;
    slots[s + 2] = e;
    const hits = ngrams[key]!;
    for (const lang in hits) {
      const index = Number(lang);
      const score = hits[lang]! + BASE_NGRAM_SCORE;
      if (!(index >= 0 && index < languageCount && index < 256) || !(score >= 0 && score <= 0xffff)) {
        throw new Error(`unexpected eld n-gram entry ${key}: ${lang} → ${hits[lang]}`);
      }
      entries[e] = index | (score << 8);
      e++;
    }
    slots[s + 3] = e;
  }
  return { codes, mask, slots, entries, separatorClasses: classifyEldSeparators(separators) };
}

interface Header {
  format: number;
  eld: string;
  size: EldSize;
  codes: string[];
  mask: number;
  slots: number;
  entries: number;
}

/**
 * The file: one JSON header line, padded to 4 bytes, then the slots and the entries (little-endian
 * words), then the separator classes (bytes).
 */
export async function writeEldTables(
  path: string,
  tables: EldTables,
  eld: string,
  size: EldSize,
): Promise<void> {
  const header: Header = {
    format: FORMAT,
    eld,
    size,
    codes: [...tables.codes],
    mask: tables.mask,
    slots: tables.slots.length,
    entries: tables.entries.length,
  };
  let line = `${JSON.stringify(header)}\n`;
  while (Buffer.byteLength(line) % 4) line = `${line.slice(0, -1)} \n`;
  const words = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  await writeFile(
    path,
    Buffer.concat([
      Buffer.from(line),
      words(tables.slots),
      words(tables.entries),
      Buffer.from(tables.separatorClasses),
    ]),
  );
}

/**
 * Reads tables written by `writeEldTables` for this eld release and size; undefined when the file is
 * missing, for another release or size, malformed, or the machine is big-endian (then the caller
 * builds them from eld's database).
 */
export async function readEldTables(
  path: string,
  eld: string,
  size: EldSize,
): Promise<EldTables | undefined> {
  if (endianness() !== "LE") return undefined;
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch {
    return undefined;
  }
  const end = file.indexOf(10);
  if (end < 0 || (end + 1) % 4) return undefined;
  let header: Header;
  try {
    header = JSON.parse(file.subarray(0, end).toString("utf8")) as Header;
  } catch {
    return undefined;
  }
  const { slots, entries } = header;
  if (
    header.format !== FORMAT ||
    header.eld !== eld ||
    header.size !== size ||
    !Array.isArray(header.codes) ||
    !Number.isInteger(slots) ||
    !Number.isInteger(entries) ||
    header.mask !== slots - SLOT ||
    file.length !== end + 1 + 4 * (slots + entries) + SEPARATOR_CLASSES
  ) {
    return undefined;
  }
  const words = (from: number, count: number) => {
    const out = new Uint32Array(count);
    new Uint8Array(out.buffer).set(file.subarray(from, from + 4 * count));
    return out;
  };
  const start = end + 1;
  return {
    codes: header.codes,
    mask: header.mask,
    slots: words(start, slots),
    entries: words(start + 4 * slots, entries),
    separatorClasses: Uint8Array.from(file.subarray(start + 4 * (slots + entries))),
  };
}
