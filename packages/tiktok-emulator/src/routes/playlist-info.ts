import { PLAYLIST_FIELDS } from "../fields.js";
import { invalidParams } from "../http/api-error.js";
import { int64, toWire, type WireValue } from "../json/wire.js";
import { INVALID_CURSOR, idParam, intParam, maxCountParam, type Route } from "./route.js";

/**
 * `POST /v2/research/playlist/info/`: a playlist and a page of its video ids (index cursor;
 * max_count default 20, at most 100). `fields` is optional here: absent means every field.
 */
export const playlistInfoRoute: Route = {
  name: "playlist/info",
  pool: "research",
  fields: { allowed: PLAYLIST_FIELDS, required: false },
  handle(ctx) {
    const b = ctx.body;
    const id = idParam(b.playlist_id, "playlist_id");
    const maxCount = maxCountParam(b.max_count, 20, 100);
    const cursor = intParam(b.cursor, 0, 0, 1_000_000_000, INVALID_CURSOR);
    const playlist = ctx.corpus.playlist(id);
    if (!playlist) throw invalidParams(`Playlist ${id} is invalid: cannot find the playlist`);
    const videos = ctx.corpus.playlistVideos(playlist, ctx.nowSeconds);
    const items = videos.slice(cursor, cursor + maxCount);
    const next = Math.max(cursor, Math.min(cursor + maxCount, videos.length));
    const all: Record<(typeof PLAYLIST_FIELDS)[number], WireValue> = {
      playlist_id: int64(playlist.id),
      playlist_name: playlist.name,
      playlist_item_total: videos.length,
      playlist_last_updated: videos.reduce((t, v) => Math.max(t, v.createTime), 0),
      playlist_video_ids: items.map((v) => int64(v.id)),
    };
    const data: Record<string, WireValue> = {};
    for (const f of PLAYLIST_FIELDS) if (ctx.fields.has(f)) data[f] = all[f];
    data.cursor = next;
    data.has_more = next < videos.length;
    return { data: toWire(data), records: 1 };
  },
};
