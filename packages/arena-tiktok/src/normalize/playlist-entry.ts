import type { PlaylistMeta } from "../endpoints/playlist.js";

/**
 * One video of a playlist, from playlist/info/. The endpoint returns video IDs only; turn them into
 * full video records with `refreshEngagement(ids)`, which looks videos up by ID.
 */
export interface PlaylistEntry {
  platform: "tiktok";
  playlist_id: string;
  playlist_name: string | null;
  playlist_item_total: number | null;
  /** ISO-8601 UTC, from the API's Unix time. */
  playlist_last_updated: string | null;
  video_id: string;
  /** 0-based position in the playlist. */
  position: number;
  collected_at: string;
}

export function playlistEntry(
  playlistId: string,
  meta: PlaylistMeta,
  videoId: string,
  position: number,
  collectedAt: number,
): PlaylistEntry {
  return {
    platform: "tiktok",
    playlist_id: meta.playlist_id ?? playlistId,
    playlist_name: meta.playlist_name ?? null,
    playlist_item_total: meta.playlist_item_total ?? null,
    playlist_last_updated:
      meta.playlist_last_updated == null ? null : new Date(meta.playlist_last_updated * 1000).toISOString(),
    video_id: videoId,
    position,
    collected_at: new Date(collectedAt).toISOString(),
  };
}
