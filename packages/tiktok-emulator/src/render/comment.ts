import type { CorpusComment } from "../corpus/types.js";
import { COMMENT_FIELDS } from "../fields.js";

type Writer = (c: CorpusComment) => string;

const WRITERS: Readonly<Record<(typeof COMMENT_FIELDS)[number], Writer>> = {
  id: (c) => `"id":${c.id}`,
  video_id: (c) => `"video_id":${c.videoId}`,
  text: (c) => `"text":${JSON.stringify(c.text)}`,
  like_count: (c) => `"like_count":${c.likeCount}`,
  reply_count: (c) => `"reply_count":${c.replyCount}`,
  parent_comment_id: (c) => `"parent_comment_id":${c.parentCommentId}`,
  create_time: (c) => `"create_time":${c.createTime}`,
};

/** A JSON array of comments with the selected fields; ids are bare int64 numbers. */
export function renderComments(fields: ReadonlySet<string>, comments: readonly CorpusComment[]): string {
  const writers = COMMENT_FIELDS.filter((f) => fields.has(f)).map((f) => WRITERS[f]);
  return `[${comments.map((c) => `{${writers.map((w) => w(c)).join(",")}}`).join(",")}]`;
}
