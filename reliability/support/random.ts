/** A seeded PRNG (mulberry32), so a failing run can be replayed with the seed it printed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The suite's seed: RELIABILITY_SEED when set (to replay a failure), otherwise from the clock. */
export function suiteSeed(): number {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a local switch to replay a failing run
  const fixed = process.env.RELIABILITY_SEED;
  return fixed ? Number(fixed) : Date.now() % 1_000_000;
}
