import { z } from "zod";
import { idSchema } from "./ids.js";

export const PLAYLIST_INFO_ENDPOINT = "playlist/info/";

/** playlist/info/'s data besides the page of video ids (which the pager reads). */
export const playlistMetaSchema = z
  .object({
    playlist_id: idSchema.nullish(),
    playlist_name: z.string().nullish(),
    playlist_item_total: z.number().int().nullish(),
    playlist_last_updated: z.number().nullish(),
  })
  .loose();
export type PlaylistMeta = z.infer<typeof playlistMetaSchema>;
