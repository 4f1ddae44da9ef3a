import type { ActorProfile, ContentRecord } from "@observatory/arena-core";

/** A follower/following edge: `username` follows `of` (relation "follower") or `of` follows `username`. */
export interface StoredRelation {
  platform: string;
  relation: string;
  username: string;
  username_pseudonymized: boolean;
  display_name: string | null;
  of: string;
  of_pseudonymized: boolean;
  /** ISO-8601 UTC. */
  collected_at: string;
}

/** One video of a playlist, at its 0-based position. */
export interface StoredPlaylistEntry {
  platform: string;
  playlist_id: string;
  playlist_name: string | null;
  playlist_item_total: number | null;
  playlist_last_updated: string | null;
  video_id: string;
  position: number;
  collected_at: string;
}

/**
 * What the store holds, by kind. `content` records go to `content_records`, except those whose
 * `content_type` is "comment", which go to `comments` (same columns).
 */
export interface StoredKinds {
  content: ContentRecord;
  profile: ActorProfile;
  relation: StoredRelation;
  playlist_entry: StoredPlaylistEntry;
}
export type StoredKind = keyof StoredKinds;

/** Where a write came from: a snapshot per record and run says which. */
export type ObservationSource = "collect" | "refresh";

export interface WriteContext {
  /** The run that wrote it (collection_runs.run_id): the first one is kept on the row. */
  runId: string;
  /** Default "collect". */
  source?: ObservationSource;
}

/** Rows a write touched. */
export interface WriteCounts {
  /** New rows. */
  inserted: number;
  /** Rows that existed and were updated (seen again). */
  updated: number;
}
