import { invalidParams } from "./http/api-error.js";

/** Fields of `video/query/`. Both spellings of the favourites count are accepted. */
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
  "favourites_count",
  "favorites_count",
  "video_duration",
  "hashtag_info_list",
  "sticker_info_list",
  "effect_info_list",
  "video_mention_list",
  "video_label",
  "video_tag",
] as const;
export type VideoField = (typeof VIDEO_FIELDS)[number];

/** Fields of liked and reposted videos: a subset of the video fields. */
export const USER_VIDEO_FIELDS: readonly VideoField[] = [
  "id",
  "create_time",
  "username",
  "region_code",
  "video_description",
  "music_id",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
  "hashtag_names",
  "is_stem_verified",
  "favourites_count",
  "favorites_count",
  "video_duration",
  "hashtag_info_list",
  "video_mention_list",
  "video_label",
];

/** Pinned videos add stickers, effects and the video tag. */
export const PINNED_VIDEO_FIELDS: readonly VideoField[] = [
  ...USER_VIDEO_FIELDS,
  "sticker_info_list",
  "effect_info_list",
  "video_tag",
];

export const COMMENT_FIELDS = [
  "id",
  "video_id",
  "text",
  "like_count",
  "reply_count",
  "parent_comment_id",
  "create_time",
] as const;
export type CommentField = (typeof COMMENT_FIELDS)[number];

export const USER_INFO_FIELDS = [
  "display_name",
  "bio_description",
  "bio_url",
  "avatar_url",
  "is_verified",
  "follower_count",
  "following_count",
  "likes_count",
  "video_count",
  "open_id",
  "is_private",
] as const;
export type UserInfoField = (typeof USER_INFO_FIELDS)[number];

export const PLAYLIST_FIELDS = [
  "playlist_id",
  "playlist_name",
  "playlist_item_total",
  "playlist_last_updated",
  "playlist_video_ids",
] as const;

/** How an endpoint treats the `fields` query parameter. */
export interface FieldsRule {
  readonly allowed: readonly string[];
  /** A missing or empty `fields` is a 400 (video, comments, user info, liked, pinned, reposted). */
  readonly required: boolean;
}

/**
 * Parses `fields` ("id,like_count"): trimmed, de-duplicated, kept in the catalogue's order.
 * Unknown names are a 400; when optional and absent, every allowed field is returned.
 */
export function parseFields(raw: string | null, rule: FieldsRule): ReadonlySet<string> {
  const names = (raw ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  if (names.length === 0) {
    if (rule.required) throw invalidParams("Invalid fields: the fields query parameter is required");
    return new Set(rule.allowed);
  }
  for (const name of names) {
    if (!rule.allowed.includes(name)) throw invalidParams(`Invalid fields: "${name}" is not a valid field`);
  }
  return new Set(names);
}
