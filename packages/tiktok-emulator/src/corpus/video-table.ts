import { snowflakeId } from "./ids.js";
import type { CorpusVideo } from "./types.js";

/** What is decided for every video at startup: when, by whom, and the random low half of its id. */
export interface VideoPlan {
  /** Unix seconds, ascending. */
  readonly createTimes: Uint32Array;
  readonly low32: Uint32Array;
  /** Index of the creator among the user drafts. */
  readonly creators: Int32Array;
}

/**
 * The corpus's videos, oldest first. Only the plan (three typed arrays) is built at startup; a
 * video's content is generated on first access from its own seed, so startup stays fast and the
 * result does not depend on the order videos are touched.
 */
export class VideoTable {
  readonly #plan: VideoPlan;
  readonly #materialize: (index: number) => CorpusVideo;
  readonly #objects: (CorpusVideo | undefined)[];
  #all: CorpusVideo[] | undefined;

  constructor(plan: VideoPlan, materialize: (index: number) => CorpusVideo) {
    this.#plan = plan;
    this.#materialize = materialize;
    this.#objects = new Array(plan.createTimes.length);
  }

  get length(): number {
    return this.#plan.createTimes.length;
  }

  createTime(index: number): number {
    return this.#plan.createTimes[index] as number;
  }

  creator(index: number): number {
    return this.#plan.creators[index] as number;
  }

  id(index: number): string {
    return snowflakeId(this.createTime(index), this.#plan.low32[index] as number);
  }

  get(index: number): CorpusVideo {
    let video = this.#objects[index];
    if (video === undefined) {
      video = this.#materialize(index);
      this.#objects[index] = video;
    }
    return video;
  }

  /**
   * Deletes a video from now on (an injected fault hid it mid-crawl): every later read of this index
   * sees `deleted: true`. Returns false when it was deleted already.
   */
  markDeleted(index: number): boolean {
    const video = this.get(index);
    if (video.deleted) return false;
    const gone: CorpusVideo = { ...video, deleted: true };
    this.#objects[index] = gone;
    if (this.#all) this.#all[index] = gone;
    return true;
  }

  /** Every video (materialises the whole corpus once). */
  all(): readonly CorpusVideo[] {
    if (!this.#all) {
      const out: CorpusVideo[] = new Array(this.length);
      for (let i = 0; i < this.length; i++) out[i] = this.get(i);
      this.#all = out;
    }
    return this.#all;
  }

  /** First index whose create time is ≥ `seconds`. */
  lowerBound(seconds: number): number {
    const times = this.#plan.createTimes;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) < seconds) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of a video id, or -1: the id's top 32 bits locate it by create time. */
  indexOfId(id: string): number {
    if (!/^\d{1,20}$/.test(id)) return -1;
    const big = BigInt(id);
    const time = Number(big >> 32n);
    const low = Number(big & 0xffffffffn);
    for (let i = this.lowerBound(time); i < this.length && this.createTime(i) === time; i++) {
      if (this.#plan.low32[i] === low) return i;
    }
    return -1;
  }
}
