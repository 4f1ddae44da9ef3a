import type { Corpus } from "../corpus/corpus.js";
import { fmix32, hashString, mix32 } from "../random/prng.js";

const DAY_S = 86_400;

/** A corpus that lives: videos reach the API late, and some are deleted or made private later. */
export interface LivingCorpusOptions {
  /** Longest ingestion lag in days (default 8; the shortest is the emulator's `ingestionLagDays`). */
  maxIngestionLagDays?: number;
  /** Share of videos that are deleted or made private some time after they became visible (default 0.05). */
  laterDeletedShare?: number;
  /** Latest such deletion, in days after the video became visible (default 30). */
  deletedWithinDays?: number;
}

/** A video that disappeared from the API while the corpus lived. */
export interface LivingDeletion {
  readonly id: string;
  readonly index: number;
  /** Unix seconds. */
  readonly at: number;
  readonly kind: "deleted" | "private";
}

interface PlannedDeletion {
  index: number;
  at: number;
  kind: "deleted" | "private";
}

/**
 * Drives a corpus through time: each video has its own ingestion lag (between the emulator's
 * `ingestionLagDays` and `maxIngestionLagDays`, fixed by the seed) and a few are deleted or made
 * private at a moment after they became visible. Counts already grow with time (`engagementAt`).
 * `advance(now)` applies every deletion due by then; the emulator calls it before each request.
 */
export class LivingCorpus {
  readonly #corpus: Corpus;
  readonly #salt: number;
  readonly #extraLagSeconds: number;
  readonly #planned: PlannedDeletion[];
  readonly #applied: LivingDeletion[] = [];
  #next = 0;

  constructor(corpus: Corpus, seed: number, options: LivingCorpusOptions = {}) {
    const minLag = corpus.settings.ingestionLagDays;
    const maxLag = options.maxIngestionLagDays ?? 8;
    if (!(maxLag >= minLag))
      throw new RangeError("living.maxIngestionLagDays must be at least ingestionLagDays");
    const share = options.laterDeletedShare ?? 0.05;
    if (!(share >= 0 && share <= 1)) throw new RangeError("living.laterDeletedShare must be between 0 and 1");
    const within = options.deletedWithinDays ?? 30;
    this.#corpus = corpus;
    this.#salt = mix32(seed, hashString("living"));
    this.#extraLagSeconds = (maxLag - minLag) * DAY_S;
    const planned: PlannedDeletion[] = [];
    for (let index = 0; index < corpus.videoCount; index++) {
      const h = mix32(this.#salt, index);
      if (h / 2 ** 32 >= share) continue;
      const visibleAt = this.visibleAt(index);
      const after = 3_600 + (fmix32(h ^ 0x5bd1e995) / 2 ** 32) * within * DAY_S;
      planned.push({ index, at: Math.floor(visibleAt + after), kind: h & 1 ? "private" : "deleted" });
    }
    this.#planned = planned.sort((a, b) => a.at - b.at);
  }

  /** Seconds this video reaches the API after the emulator's minimum ingestion lag. */
  extraLagSeconds(index: number): number {
    if (this.#extraLagSeconds === 0) return 0;
    return Math.floor((fmix32(mix32(this.#salt, index) ^ 0x27d4eb2f) / 2 ** 32) * this.#extraLagSeconds);
  }

  /** Unix seconds when the video at `index` becomes searchable. */
  visibleAt(index: number): number {
    return (
      this.#corpus.videoAt(index).createTime +
      this.#corpus.settings.ingestionLagDays * DAY_S +
      this.extraLagSeconds(index)
    );
  }

  /** Applies every deletion due at `nowSeconds`. Returns the ones applied now. */
  advance(nowSeconds: number): LivingDeletion[] {
    const out: LivingDeletion[] = [];
    while (
      this.#next < this.#planned.length &&
      (this.#planned[this.#next] as PlannedDeletion).at <= nowSeconds
    ) {
      const p = this.#planned[this.#next++] as PlannedDeletion;
      const id = this.#corpus.deleteVideo(p.index);
      if (id !== undefined) out.push({ id, index: p.index, at: p.at, kind: p.kind });
    }
    this.#applied.push(...out);
    return out;
  }

  /** Every deletion applied so far (ground truth: these must leave a store within 15 days). */
  get deletions(): readonly LivingDeletion[] {
    return this.#applied;
  }
}
