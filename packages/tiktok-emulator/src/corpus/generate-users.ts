import type { Rng } from "../random/prng.js";
import { makeIdentity } from "./names.js";
import type { PhraseBank } from "./phrases/bank.js";
import { PHRASE_BANKS } from "./phrases/banks.js";
import type { Language } from "./types.js";

/** A user before their videos are known; stats are filled in once videos are assigned. */
export interface UserDraft {
  readonly username: string;
  readonly displayName: string;
  readonly language: Language;
  readonly regionCode: string;
  readonly bio: string;
  /** 0 for the busiest creator; audience accounts rank after all creators. */
  readonly rank: number;
  readonly isCreator: boolean;
  readonly isPrivate: boolean;
}

const LANGUAGE_SHARES: readonly [Language, number][] = [
  ["da", 0.72],
  ["no", 0.08],
  ["sv", 0.08],
  ["de", 0.05],
  ["en", 0.07],
];

function pickLanguage(rng: Rng): Language {
  let x = rng.next();
  for (const [lang, share] of LANGUAGE_SHARES) {
    x -= share;
    if (x < 0) return lang;
  }
  return "da";
}

function regionFor(rng: Rng, lang: Language): string {
  switch (lang) {
    case "da":
      return rng.chance(0.95) ? "DK" : rng.pick(["SE", "DE", "GB", "NO"]);
    case "no":
      return "NO";
    case "sv":
      return "SE";
    case "de":
      return rng.chance(0.9) ? "DE" : "DK";
    case "en":
      return rng.chance(0.6) ? "GB" : "DK";
  }
}

function draft(
  rng: Rng,
  taken: Set<string>,
  rank: number,
  isCreator: boolean,
  privateShare: number,
): UserDraft {
  const language = pickLanguage(rng);
  const bank: PhraseBank = PHRASE_BANKS[language];
  const { username, displayName } = makeIdentity(rng, bank, taken);
  return {
    username,
    displayName,
    language,
    regionCode: regionFor(rng, language),
    bio: rng.pick(bank.bios),
    rank,
    isCreator,
    // The 100 busiest creators stay public, so the big accounts are always there to collect.
    isPrivate: rank >= 100 && rng.chance(privateShare),
  };
}

/** Creators (ranked by how much they post) followed by audience accounts. */
export function draftUsers(rng: Rng, creators: number, audience: number): UserDraft[] {
  const taken = new Set<string>();
  const out: UserDraft[] = [];
  for (let i = 0; i < creators; i++) out.push(draft(rng, taken, i, true, 0.03));
  for (let i = 0; i < audience; i++) out.push(draft(rng, taken, creators + i, false, 0.25));
  return out;
}
