import type { Rng } from "../random/prng.js";
import type { PhraseBank } from "./phrases/bank.js";

const FOLD: Record<string, string> = { æ: "ae", ø: "oe", å: "aa", ä: "a", ö: "o", ü: "ue", ß: "ss", é: "e" };

/** Lower-case ASCII for a username: "Søren" → "soeren". */
export function foldAscii(text: string): string {
  return text.toLowerCase().replace(/[æøåäöüßé]/g, (c) => FOLD[c] ?? "");
}

const CITIES = ["kbh", "aarhus", "odense", "aalborg", "esbjerg", "vejle", "roskilde"];
const THEME_SUFFIXES = ["_nyt", "_snak", ".dk", "_tanker", "daily", "_forklaret", "_live"];

export interface Identity {
  readonly username: string;
  readonly displayName: string;
}

/** A plausible, unique TikTok username and display name for someone writing in `bank`'s language. */
export function makeIdentity(rng: Rng, bank: PhraseBank, taken: Set<string>): Identity {
  const first = rng.pick(bank.firstNames);
  const last = rng.pick(bank.lastNames);
  const f = foldAscii(first);
  const l = foldAscii(last);
  let username: string;
  let displayName = `${first} ${last}`;
  const shape = rng.int(6);
  if (shape === 0) username = `${f}.${l}`;
  else if (shape === 1) username = `${f}_${l}${rng.range(10, 99)}`;
  else if (shape === 2) {
    username = `${f}${rng.range(70, 99)}`;
    displayName = first;
  } else if (shape === 3) username = `${f}.${rng.pick(CITIES)}`;
  else if (shape === 4) {
    const tag = foldAscii(rng.pick(rng.pick(bank.topics).hashtags));
    username = `${tag}${rng.pick(THEME_SUFFIXES)}`;
    displayName = `${tag.charAt(0).toUpperCase()}${tag.slice(1)} ${rng.pick(["Nyt", "Snak", "Forklaret", "Live"])}`;
  } else username = `${f}${l.slice(0, 3)}${rng.range(1, 999)}`;
  while (taken.has(username)) username = `${username}${rng.int(10)}`;
  taken.add(username);
  return { username, displayName };
}
