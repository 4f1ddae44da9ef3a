import type { CollectOptions } from "@observatory/arena-core";

/** Options of the per-user and per-playlist streams. */
export interface ListCollectOptions extends CollectOptions {
  /** Records per user (or playlist) at most. */
  maxResults?: number;
}
