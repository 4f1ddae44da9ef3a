import type { Rng } from "../random/prng.js";
import type { ResolvedCorpusOptions } from "./corpus-options.js";
import type { UserDraft } from "./generate-users.js";
import type { VideoPlan } from "./video-table.js";

function creatorPicker(rng: Rng, creators: readonly UserDraft[]): () => number {
  const cumulative = new Float64Array(creators.length);
  let total = 0;
  for (let i = 0; i < creators.length; i++) {
    total += (i + 1) ** -0.7;
    cumulative[i] = total;
  }
  return () => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** Create times over the corpus span: some days busier than others, evenings busier than mornings. */
function createTimes(rng: Rng, o: ResolvedCorpusOptions): Uint32Array {
  const days = Math.round((o.endSeconds - o.startSeconds) / 86_400);
  const cumulative = new Float64Array(days);
  let total = 0;
  for (let d = 0; d < days; d++) {
    total += 0.6 + 0.8 * rng.next();
    cumulative[d] = total;
  }
  const times = new Uint32Array(o.videos);
  for (let i = 0; i < o.videos; i++) {
    const x = rng.next() * total;
    let lo = 0;
    let hi = days - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    const second = Math.floor(86_400 * (0.2 + 0.8 * Math.sqrt(rng.next())));
    times[i] = o.startSeconds + lo * 86_400 + Math.min(86_399, second);
  }
  return times.sort();
}

/**
 * The plan of every video: create time, creator (busy creators post far more, a Zipf-like
 * share) and the random low 32 bits of its id, unique within each second.
 */
export function planVideos(rng: Rng, o: ResolvedCorpusOptions, creators: readonly UserDraft[]): VideoPlan {
  const times = createTimes(rng, o);
  const pick = creatorPicker(rng, creators);
  const low32 = new Uint32Array(times.length);
  const owners = new Int32Array(times.length);
  let runStart = 0;
  for (let i = 0; i < times.length; i++) {
    if (i === 0 || times[i] !== times[i - 1]) runStart = i;
    let low = rng.uint32();
    for (let j = runStart; j < i; j++) {
      if (low32[j] === low) {
        low = rng.uint32();
        j = runStart - 1;
      }
    }
    low32[i] = low;
    owners[i] = pick();
  }
  return { createTimes: times, low32, creators: owners };
}
