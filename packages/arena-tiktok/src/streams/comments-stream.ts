import type { CollectOptions, ContentRecord } from "@observatory/arena-core";
import { fingerprint, type ReportingStream, reportingStream } from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { apiCommentSchema } from "../endpoints/comments.js";
import { normalizeComment } from "../normalize/comment-record.js";
import { LIST_ENDPOINTS } from "../paging/list-pages.js";
import { deriveRunId } from "../run/run-id.js";
import { runListCollection } from "./list-run.js";
import { pageMetadata } from "./page-metadata.js";
import { parseIds, parseLimit } from "./targets.js";

export interface CommentCollectOptions extends CollectOptions {
  /** Comments per video at most (the API serves the top 1,000 at most anyway). */
  maxPerVideo?: number;
}

export const COMMENT_CAP_NOTE =
  "TikTok's Research API returns only the top 1,000 comments (and replies) of a video; the rest cannot be collected";

/**
 * Comments and replies of each video, one checkpoint partition per video, index cursor, stopping
 * before the API's 1,000-comment cap. `video_id` is sent as a bare JSON integer, never a JS number.
 */
export function commentStream(
  deps: TikTokDeps,
  videoIds: string | readonly string[],
  options: CommentCollectOptions = {},
): ReportingStream<ContentRecord> {
  const endpoint = LIST_ENDPOINTS.comments;
  return reportingStream(async function* (report) {
    const ids = parseIds(videoIds, "videoIds");
    const maxPerVideo = parseLimit(options.maxPerVideo, "maxPerVideo");
    const request = { videoIds: ids, maxPerVideo: maxPerVideo ?? null };
    const languageDetector = await deps.languageDetector();
    yield* runListCollection(
      deps,
      {
        kind: "comments",
        runId: options.runId ?? deriveRunId("comments", request),
        fingerprint: fingerprint(request),
        endpoint,
        targets: ids,
        ...(maxPerVideo === undefined ? {} : { limit: maxPerVideo }),
        options,
        describe: (id) => `comments of video ${id}`,
        map: (item, page, videoId) => {
          const parsed = apiCommentSchema.safeParse(item);
          if (!parsed.success) return undefined;
          const record = normalizeComment(parsed.data, {
            collectedAt: deps.clock.now(),
            tier: "free",
            languageDetector,
            videoId,
            metadata: pageMetadata(endpoint.path, page),
          });
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
        explain: (o) => (o.status === "capped" ? { ...o, detail: COMMENT_CAP_NOTE } : o),
      },
      report,
    );
  });
}
