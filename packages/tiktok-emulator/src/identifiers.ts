import { Rng } from "./random/prng.js";

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789ABCDEF";

function stamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Access tokens, search ids and log ids, drawn from a seeded PRNG so responses are reproducible. */
export class Identifiers {
  readonly #rng: Rng;
  #stampSecond = Number.NaN;
  #stamp = "";

  constructor(seed: number) {
    this.#rng = new Rng(seed, "identifiers");
  }

  /** "clt." followed by 56 characters, like TikTok's client access tokens. */
  accessToken(): string {
    let out = "clt.";
    for (let i = 0; i < 56; i++) out += TOKEN_ALPHABET[this.#rng.int(TOKEN_ALPHABET.length)];
    return out;
  }

  /** A 19-digit search id (a string on the wire). */
  searchId(): string {
    return `7${this.#rng.digits(18)}`;
  }

  /** "20260924153012" + 20 upper-case hex digits, like the API's log_id. */
  logId(epochMs: number): string {
    const second = Math.floor(epochMs / 1000);
    if (second !== this.#stampSecond) {
      this.#stampSecond = second;
      this.#stamp = stamp(epochMs);
    }
    let out = this.#stamp;
    for (let i = 0; i < 20; i++) out += HEX[this.#rng.int(16)];
    return out;
  }
}
