import { deriveRunId, type PlaylistEntry, planListRequests } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import type { RelationsFlags } from "../program/flags.js";
import { parseVideoIdArgs } from "../query/video-ids.js";
import { toLine } from "./collect-query.js";
import { runCollection } from "./run-collection.js";

export const PLAYLIST_COLUMNS = [
  "platform",
  "playlist_id",
  "playlist_name",
  "playlist_item_total",
  "playlist_last_updated",
  "video_id",
  "position",
  "collected_at",
] as const;

/**
 * `observatory tiktok playlist ID…`: each playlist's videos in order (IDs; `videos --ids-file` turns
 * them into records).
 */
export async function playlistAction(
  ctx: ActionContext,
  flags: RelationsFlags,
  args: string[],
): Promise<number> {
  const ids = parseVideoIdArgs(args, "ID", "playlist ID");
  return runCollection<PlaylistEntry>(ctx, {
    flags,
    command: "tiktok playlist",
    deriveRunId: (target) => deriveRunId("playlist", { ids, max: flags.max ?? null, ...target }),
    columns: PLAYLIST_COLUMNS,
    // The key the collector reports per page (the video ID), so a replayed page is recognised.
    idOf: (entry) => entry.video_id,
    hasLanguage: false,
    unit: "targets",
    plan: () =>
      planListRequests("playlist", ids, flags.max === undefined ? {} : { limit: flags.max }).map(toLine),
    stream: (collector, options) =>
      collector.playlist(ids, { ...options, ...(flags.max === undefined ? {} : { maxResults: flags.max }) }),
  });
}
