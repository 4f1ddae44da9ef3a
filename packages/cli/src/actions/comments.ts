import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { deriveRunId, planListRequests } from "@observatory/arena-tiktok";
import { readRecords } from "../input/read-records.js";
import type { ActionContext } from "../program/build-program.js";
import type { CommentsFlags } from "../program/flags.js";
import { isVideoId } from "../query/video-id.js";
import { UsageError } from "../usage-error.js";
import { toLine } from "./collect-query.js";
import { runCollection } from "./run-collection.js";

/** `observatory tiktok comments`: comments and replies of videos (top 1,000 each). */
export async function commentsAction(ctx: ActionContext, flags: CommentsFlags): Promise<number> {
  for (const id of flags.video ?? []) {
    if (!isVideoId(id)) {
      throw new UsageError(
        `--video ${JSON.stringify(id)} is not a video ID (digits, at most 9223372036854775807): use the ID from the video's URL, e.g. --video 7412345678901234567.`,
        "--video",
      );
    }
  }
  const fromFile = flags.in
    ? (await readRecords(ctx.io.cwd, flags.in))
        .filter((r) => r.content_type === "video")
        .map((r) => r.platform_id)
    : [];
  const videoIds = [...new Set([...(flags.video ?? []), ...fromFile])];
  if (!videoIds.length) {
    throw new UsageError(
      flags.in
        ? `--in ${flags.in} holds no video records: give --video IDs or a file of collected videos.`
        : "--video is missing: give at least one video ID (--video 7412345678901234567) or --in videos.jsonl.",
      flags.in ? "--in" : "--video",
    );
  }
  return runCollection<ContentRecord>(ctx, {
    flags,
    deriveRunId: (target) =>
      deriveRunId("comments", { videoIds, maxPerVideo: flags.maxPerVideo ?? null, ...target }),
    columns: CONTENT_RECORD_FIELDS,
    idOf: (record) => record.platform_id,
    hasLanguage: true,
    unit: "targets",
    plan: () =>
      planListRequests(
        "comments",
        videoIds,
        flags.maxPerVideo === undefined ? {} : { limit: flags.maxPerVideo },
      ).map(toLine),
    stream: (collector, options) =>
      collector.collectComments(videoIds, {
        ...options,
        ...(flags.maxPerVideo === undefined ? {} : { maxPerVideo: flags.maxPerVideo }),
      }),
  });
}
