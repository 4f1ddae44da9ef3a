import type { Rng } from "../random/prng.js";
import { snowflakeId } from "./ids.js";
import type { NamedItem } from "./types.js";

const EFFECT_NAMES = [
  "Green Screen",
  "Slow Zoom",
  "Time Warp Scan",
  "Blur",
  "Bling",
  "Vintage",
  "Split Screen",
  "Face Zoom",
  "Inverted",
  "Sparkles",
  "Clone",
  "Retro VHS",
];
const STICKER_NAMES = ["Poll", "Question", "Location: København", "Location: Aarhus", "Countdown", "Mention"];

/** Shared sounds, effects and stickers that videos draw from (popular ones more often). */
export interface Pools {
  readonly music: readonly string[];
  readonly effects: readonly NamedItem[];
  readonly stickers: readonly NamedItem[];
}

export function buildPools(rng: Rng, startSeconds: number): Pools {
  const music: string[] = [];
  for (let i = 0; i < 600; i++) {
    // Sounds were uploaded over the years before the corpus starts.
    music.push(snowflakeId(startSeconds - rng.int(6 * 365 * 86_400), rng.uint32()));
  }
  const effects: NamedItem[] = [];
  for (let i = 0; i < 80; i++) {
    const base = EFFECT_NAMES[i % EFFECT_NAMES.length] as string;
    const name = i < EFFECT_NAMES.length ? base : `${base} ${Math.floor(i / EFFECT_NAMES.length) + 1}`;
    effects.push({ id: String(100_000 + rng.int(9_000_000)), name });
  }
  const stickers: NamedItem[] = STICKER_NAMES.map((name) => ({
    id: String(1_000_000 + rng.int(9_000_000)),
    name,
  }));
  return { music, effects, stickers };
}

/** Picks from a list with a Zipf-like preference for its head. */
export function pickPopular<T>(rng: Rng, items: readonly T[]): T {
  const u = rng.next();
  return items[Math.min(items.length - 1, Math.floor(items.length * u * u * u))] as T;
}
