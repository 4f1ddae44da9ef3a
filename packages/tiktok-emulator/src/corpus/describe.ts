import type { Rng } from "../random/prng.js";
import type { PhraseBank, Topic } from "./phrases/bank.js";

const EMOJI = ["🔥", "👇", "😡", "🤔", "💚", "🌍", "😂", "🗳️", "📉", "🏠"];

/** A composed description with the hashtags and mentions it contains. */
export interface Description {
  readonly text: string;
  /** Lower-case, without "#", in order of appearance. */
  readonly hashtags: readonly string[];
  readonly mentions: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);
const FYP: Description = { text: "#fyp", hashtags: ["fyp"], mentions: NONE };
const FYP_FORYOU: Description = { text: "#fyp #foryou", hashtags: ["fyp", "foryou"], mentions: NONE };
const EMPTY: Description = { text: "", hashtags: NONE, mentions: NONE };

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
): Description {
  const r = rng.next();
  if (r < 0.04) return FYP;
  if (r < 0.05) return FYP_FORYOU;
  if (r < 0.055) return EMPTY;
  const parts: string[] = [];
  if (rng.chance(0.25)) parts.push(rng.pick(bank.openers));
  const first = rng.pick(topic.sentences);
  parts.push(first);
  if (rng.chance(0.3)) {
    const second = rng.pick(topic.sentences);
    if (second !== first) parts.push(second);
  }
  if (rng.chance(0.35)) parts.push(rng.pick(bank.closers));
  if (rng.chance(0.15)) parts.push(rng.pick(EMOJI));
  let mentions = NONE;
  if (rng.chance(0.08)) {
    const name = mentionable();
    mentions = [name];
    parts.push(`@${name}`);
  }
  const tags: string[] = [];
  if (!rng.chance(0.1)) {
    pickDistinct(rng, topic.hashtags, rng.range(1, 3), tags);
    pickDistinct(rng, bank.generalTags, tags.length + rng.int(3), tags);
    parts.push(tags.map((t) => `#${t}`).join(" "));
  }
  if (rng.chance(0.008)) {
    const at = rng.range(1, parts.length);
    parts.splice(at, 0, "\u0000");
  }
  return { text: parts.join(" "), hashtags: tags, mentions };
}

/** What the speech recogniser would make of the video: lower-case, no punctuation. */
export function composeSpeech(rng: Rng, bank: PhraseBank, topic: Topic): string {
  const spoken = `${rng.pick(bank.speechLeads)} ${rng.pick(topic.sentences)} ${rng.pick(topic.sentences)}`;
  return spoken
    .toLowerCase()
    .replace(/[.,:;!?"]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
