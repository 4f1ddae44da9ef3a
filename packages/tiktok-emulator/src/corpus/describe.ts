import type { Rng } from "../random/prng.js";
import type { PhraseBank, Topic } from "./phrases/bank.js";

const EMOJI = ["🔥", "👇", "😡", "🤔", "💚", "🌍", "😂", "🗳️", "📉", "🏠"];

/** A composed description with the hashtags and mentions it contains. */
export interface Description {
  readonly text: string;
  /** `text` in lower case (built from cached lower-case phrases: cheaper than toLowerCase per video). */
  readonly lower: string;
  /** Lower-case, without "#", in order of appearance. */
  readonly hashtags: readonly string[];
  readonly mentions: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);
const FYP: Description = { text: "#fyp", lower: "#fyp", hashtags: ["fyp"], mentions: NONE };
const FYP_FORYOU: Description = {
  text: "#fyp #foryou",
  lower: "#fyp #foryou",
  hashtags: ["fyp", "foryou"],
  mentions: NONE,
};
const EMPTY: Description = { text: "", lower: "", hashtags: NONE, mentions: NONE };

/** Per-generation caches of phrase transforms: the phrases repeat across thousands of videos. */
export class PhraseCache {
  readonly #lower = new Map<string, string>();
  readonly #spoken = new Map<string, string>();

  lower(phrase: string): string {
    let out = this.#lower.get(phrase);
    if (out === undefined) {
      out = phrase.toLowerCase();
      this.#lower.set(phrase, out);
    }
    return out;
  }

  /** How a speech recogniser writes a phrase: lower-case, without punctuation. */
  spoken(phrase: string): string {
    let out = this.#spoken.get(phrase);
    if (out === undefined) {
      out = phrase
        .toLowerCase()
        .replace(/[.,:;!?"]/g, "")
        .replace(/\s+/g, " ")
        .trim();
      this.#spoken.set(phrase, out);
    }
    return out;
  }
}

/** Picks a topic by weight; `boost` multiplies the weight of one topic (e.g. the election in autumn). */
export function pickTopic(rng: Rng, bank: PhraseBank, boost?: { name: string; factor: number }): Topic {
  let total = 0;
  for (const t of bank.topics) total += t.weight * (boost?.name === t.name ? boost.factor : 1);
  let x = rng.next() * total;
  for (const t of bank.topics) {
    x -= t.weight * (boost?.name === t.name ? boost.factor : 1);
    if (x < 0) return t;
  }
  return bank.topics[bank.topics.length - 1] as Topic;
}

function pickDistinct(rng: Rng, from: readonly string[], count: number, into: string[]): void {
  for (let tries = 0; into.length < count && tries < count * 4; tries++) {
    const tag = rng.pick(from);
    if (!into.includes(tag)) into.push(tag);
  }
}

/**
 * A description as creators write them: an optional opener, one or two topic sentences, an
 * optional closer and emoji, a few hashtags, sometimes an @mention. A few are just "#fyp", a few
 * are empty, and a few carry a NUL character (which breaks Postgres downstream).
 */
export function composeDescription(
  rng: Rng,
  bank: PhraseBank,
  topic: Topic,
  mentionable: () => string,
  cache: PhraseCache,
): Description {
  const r = rng.next();
  if (r < 0.04) return FYP;
  if (r < 0.05) return FYP_FORYOU;
  if (r < 0.055) return EMPTY;
  // One in 125 descriptions carries a NUL before its n-th part (or at the end).
  const nulAt = rng.chance(0.008) ? rng.range(1, 4) : -1;
  let text = "";
  let lower = "";
  let count = 0;
  // Only bank phrases need lower-casing; emoji, mentions and hashtags already are.
  const add = (part: string, partLower: string) => {
    if (count === nulAt) {
      text += " \u0000";
      lower += " \u0000";
    }
    text += count > 0 ? ` ${part}` : part;
    lower += count > 0 ? ` ${partLower}` : partLower;
    count++;
  };
  const phrase = (part: string) => add(part, cache.lower(part));
  if (rng.chance(0.25)) phrase(rng.pick(bank.openers));
  const first = rng.pick(topic.sentences);
  phrase(first);
  if (rng.chance(0.3)) {
    const second = rng.pick(topic.sentences);
    if (second !== first) phrase(second);
  }
  if (rng.chance(0.35)) phrase(rng.pick(bank.closers));
  if (rng.chance(0.15)) {
    const emoji = rng.pick(EMOJI);
    add(emoji, emoji);
  }
  let mentions = NONE;
  if (rng.chance(0.08)) {
    const name = mentionable();
    mentions = [name];
    add(`@${name}`, `@${name}`);
  }
  const tags: string[] = [];
  if (!rng.chance(0.1)) {
    pickDistinct(rng, topic.hashtags, rng.range(1, 3), tags);
    pickDistinct(rng, bank.generalTags, tags.length + rng.int(3), tags);
    let line = "";
    for (const t of tags) line += line ? ` #${t}` : `#${t}`;
    add(line, line);
  }
  if (nulAt >= count) {
    text += " \u0000";
    lower += " \u0000";
  }
  return { text, lower, hashtags: tags, mentions };
}

/** What the speech recogniser would make of the video: lower-case, no punctuation. */
export function composeSpeech(rng: Rng, bank: PhraseBank, topic: Topic, cache: PhraseCache): string {
  const lead = rng.pick(bank.speechLeads);
  const first = rng.pick(topic.sentences);
  const second = rng.pick(topic.sentences);
  return `${lead} ${cache.spoken(first)} ${cache.spoken(second)}`;
}
