import { fingerprint, type ReportingStream, reportingStream } from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { idSchema } from "../endpoints/ids.js";
import { playlistMetaSchema } from "../endpoints/playlist.js";
import { type PlaylistEntry, playlistEntry } from "../normalize/playlist-entry.js";
import { LIST_ENDPOINTS } from "../paging/list-pages.js";
import { deriveRunId } from "../run/run-id.js";
import type { ListCollectOptions } from "./list-options.js";
import { runListCollection } from "./list-run.js";
import { parseIds, parseLimit } from "./targets.js";

/**
 * The videos of each playlist, in order (index cursor; `playlist_id` sent as a bare JSON integer).
 * The endpoint is known to answer HTTP 500 with a valid `ok` envelope: that is a success.
 */
export function playlistStream(
  deps: TikTokDeps,
  playlistIds: string | readonly string[],
  options: ListCollectOptions = {},
): ReportingStream<PlaylistEntry> {
  const endpoint = LIST_ENDPOINTS.playlist;
  return reportingStream(async function* (report) {
    const ids = parseIds(playlistIds, "playlistIds");
    const limit = parseLimit(options.maxResults, "maxResults");
    const request = { playlistIds: ids, maxResults: limit ?? null };
    yield* runListCollection(
      deps,
      {
        kind: "playlist",
        runId: options.runId ?? deriveRunId("playlist", request),
        fingerprint: fingerprint(request),
        endpoint,
        targets: ids,
        ...(limit === undefined ? {} : { limit }),
        options,
        describe: (id) => `playlist ${id}`,
        map: (item, page, playlistId, index) => {
          const videoId = idSchema.safeParse(item);
          const meta = playlistMetaSchema.safeParse(page.data);
          if (!videoId.success || !meta.success) return undefined;
          const position = (page.requested ?? 0) + index;
          const entry = playlistEntry(playlistId, meta.data, videoId.data, position, deps.clock.now());
          return { key: videoId.data, id: videoId.data, value: entry };
        },
      },
      report,
    );
  });
}
