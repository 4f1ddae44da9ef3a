import { COMMENT_FIELDS } from "../fields.js";
import { invalidParams } from "../http/api-error.js";
import { renderComments } from "../render/comment.js";
import { INVALID_CURSOR, idParam, intParam, maxCountParam, type Route } from "./route.js";

/** Only the top 1,000 comments of a video are reachable: cursor + max_count must stay ≤ 1,000. */
export const COMMENT_CAP = 1_000;

/** `POST /v2/research/video/comment/list/`: comments and replies, most liked first, index cursor. */
export const commentListRoute: Route = {
  name: "video/comment/list",
  pool: "research",
  fields: { allowed: COMMENT_FIELDS, required: true },
  handle(ctx) {
    const b = ctx.body;
    const videoId = idParam(b.video_id, "video_id");
    const maxCount = maxCountParam(b.max_count, 10, 100);
    const cursor = intParam(b.cursor, 0, 0, COMMENT_CAP, INVALID_CURSOR);
    if (cursor + maxCount > COMMENT_CAP) throw invalidParams(INVALID_CURSOR);
    const video = ctx.corpus.video(videoId);
    if (!video || !ctx.corpus.isVisible(video, false, ctx.nowSeconds)) {
      throw invalidParams(`Video ${videoId} is invalid: cannot find the video`);
    }
    if (cursor > 0 && ctx.faults.roll("invalidCursor", ctx.faults.config.invalidCursorRate)) {
      throw invalidParams(INVALID_CURSOR);
    }
    const comments = ctx.corpus.commentsFor(videoId, ctx.nowSeconds);
    const reachable = Math.min(comments.length, COMMENT_CAP);
    const pageItems = comments.slice(Math.min(cursor, reachable), Math.min(cursor + maxCount, reachable));
    const next = Math.max(cursor, Math.min(cursor + maxCount, reachable));
    const hasMore = next < reachable;
    return {
      data: `{"comments":${renderComments(ctx.fields, pageItems)},"cursor":${next},"has_more":${hasMore}}`,
      records: pageItems.length,
    };
  },
};
