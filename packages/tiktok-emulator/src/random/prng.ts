/**
 * A small seeded PRNG (sfc32, seeded through a 32-bit string hash), so the corpus, the tokens, the
 * search ids and the faults are reproducible from a seed. Never Math.random.
 */

/** A 32-bit hash of a string (FNV-1a followed by a murmur3 finaliser). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The murmur3 finaliser: spreads the bits of a 32-bit integer. */
export function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes two 32-bit integers into one well-spread 32-bit integer. */
export function mix32(a: number, b: number): number {
  return fmix32((Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + fmix32(b)) | 0);
}

export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number | string, stream = "") {
    const base = typeof seed === "number" ? fmix32(seed | 0) ^ hashString(String(seed)) : hashString(seed);
    const s = mix32(base, hashString(stream));
    this.#a = s;
    this.#b = mix32(s, 1);
    this.#c = mix32(s, 2);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A generator from one 32-bit state, without string hashing (for one stream per entity). */
  static fromState(state: number): Rng {
    const rng = new Rng(0);
    rng.#a = state >>> 0;
    rng.#b = mix32(state, 1);
    rng.#c = mix32(state, 2);
    rng.#d = 1;
    for (let i = 0; i < 12; i++) rng.uint32();
    return rng;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    this.#c = ((c << 21) | (c >>> 11)) + t;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform integer in [min, max] (both inclusive). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A string of `length` decimal digits whose first digit is not 0. */
  digits(length: number): string {
    let out = String(1 + this.int(9));
    while (out.length < length) out += String(this.int(10));
    return out;
  }
}
