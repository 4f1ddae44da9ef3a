import { Rng } from "../random/prng.js";
import { commentOffsetSeconds, visibleCommentCount } from "./engagement.js";
import { snowflakeId } from "./ids.js";
import { PHRASE_BANKS } from "./phrases/banks.js";
import type { CorpusComment, CorpusVideo } from "./types.js";

/** One comment before reply counts are known; `parent` is the chronological index of its parent, or -1. */
interface RawComment {
  readonly id: string;
  readonly text: string;
  readonly likeCount: number;
  readonly parent: number;
  readonly createTime: number;
}

/** Every comment a video will ever get (its final comment count), oldest first. Deterministic per video. */
export function generateComments(seed: number, video: CorpusVideo): RawComment[] {
  const rng = new Rng(seed, `comments:${video.id}`);
  const total = video.finalEngagement.comment_count;
  const out: RawComment[] = new Array(total);
  const topLevel: number[] = [];
  for (let i = 0; i < total; i++) {
    const bank = PHRASE_BANKS[rng.chance(0.9) ? video.language : "da"];
    const isReply = topLevel.length > 0 && rng.chance(0.25);
    const parent = isReply ? (topLevel[rng.int(topLevel.length)] as number) : -1;
    let text = isReply ? rng.pick(bank.replies) : rng.pick(bank.comments);
    if (rng.chance(0.005)) text = `${text}\u0000`;
    const createTime = video.createTime + commentOffsetSeconds(i, total);
    // Early comments collect more likes.
    const likeCount = Math.round(Math.exp(1 + 1.6 * rng.normal()) * (1 + 3 * (1 - i / total)));
    out[i] = { id: snowflakeId(createTime, rng.uint32()), text, likeCount, parent, createTime };
    if (!isReply) topLevel.push(i);
  }
  return out;
}

/**
 * The comments the API shows at `nowSeconds`, in its order (most liked first, then oldest): the
 * first `visibleCommentCount` comments chronologically, with reply counts over those.
 */
export function visibleComments(
  video: CorpusVideo,
  all: readonly RawComment[],
  nowSeconds: number,
): CorpusComment[] {
  const count = visibleCommentCount(all.length, nowSeconds - video.createTime);
  const replies = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const p = (all[i] as RawComment).parent;
    if (p >= 0) replies[p] = (replies[p] as number) + 1;
  }
  const out: CorpusComment[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const c = all[i] as RawComment;
    out[i] = {
      id: c.id,
      videoId: video.id,
      text: c.text,
      likeCount: c.likeCount,
      replyCount: replies[i] as number,
      parentCommentId: c.parent >= 0 ? (all[c.parent] as RawComment).id : video.id,
      createTime: c.createTime,
    };
  }
  return out.sort(
    (a, b) => b.likeCount - a.likeCount || a.createTime - b.createTime || (a.id < b.id ? -1 : 1),
  );
}

export type { RawComment };
