import { z } from "zod";
import type { VideoQuery } from "../query/conditions.js";
import { countSchema, idSchema } from "./ids.js";

export const VIDEO_QUERY_ENDPOINT = "video/query/";

/** Every video field in the current field list (the older `favourites_count` spelling is accepted too). */
export const VIDEO_FIELDS = [
  "id",
  "video_description",
  "create_time",
  "region_code",
  "share_count",
  "view_count",
  "like_count",
  "comment_count",
  "music_id",
  "hashtag_names",
  "username",
  "effect_ids",
  "playlist_id",
  "voice_to_text",
  "is_stem_verified",
  "favorites_count",
  "video_duration",
  "hashtag_info_list",
  "sticker_info_list",
  "effect_info_list",
  "video_mention_list",
  "video_label",
  "video_tag",
] as const;

export const VIDEO_MAX_COUNT = 100;

export interface VideoQueryBody {
  query: VideoQuery;
  start_date: string;
  end_date: string;
  max_count: number;
  cursor?: number;
  search_id?: string;
  is_random?: boolean;
}

/** One video as the API returns it; unknown extra fields are kept (they go to raw_metadata). */
const apiVideoZodSchema = z
  .object({
    id: idSchema.optional(),
    video_id: idSchema.optional(),
    video_description: z.string().nullish(),
    create_time: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
    username: z.string().nullish(),
    region_code: z.string().nullish(),
    view_count: countSchema,
    like_count: countSchema,
    comment_count: countSchema,
    share_count: countSchema,
    favorites_count: countSchema,
    favourites_count: countSchema,
    hashtag_names: z.array(z.string()).nullish(),
    voice_to_text: z.string().nullish(),
    music_id: idSchema.nullish(),
    playlist_id: idSchema.nullish(),
    effect_ids: z.array(z.union([z.string(), z.number()]).transform(String)).nullish(),
    video_duration: z.number().nullish(),
  })
  .loose()
  .refine((v) => v.id !== undefined || v.video_id !== undefined, "a video without id");
export type ApiVideo = z.infer<typeof apiVideoZodSchema>;

/** One video as the API returns it; unknown extra fields are kept (they go to raw_metadata). */
export const apiVideoSchema = apiVideoZodSchema;

/** The page envelope's data. Videos are validated one by one later: one bad video is skipped, not fatal. */
export const videoPageSchema = z
  .object({
    videos: z
      .array(z.unknown())
      .nullish()
      .transform((v) => v ?? []),
    cursor: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
    has_more: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
    search_id: idSchema.nullish(),
  })
  .loose();
export type VideoPage = z.infer<typeof videoPageSchema>;
