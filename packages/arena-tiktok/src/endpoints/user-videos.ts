export const LIKED_VIDEOS_ENDPOINT = "user/liked_videos/";
export const REPOSTED_VIDEOS_ENDPOINT = "user/reposted_videos/";
export const PINNED_VIDEOS_ENDPOINT = "user/pinned_videos/";

/** The video fields liked and reposted videos support (a subset of video/query's). */
export const USER_VIDEO_FIELDS = [
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
  "favorites_count",
  "video_duration",
  "hashtag_info_list",
  "video_mention_list",
  "video_label",
] as const;

/** Pinned videos add stickers, effects and the video tag. */
export const PINNED_VIDEO_FIELDS = [
  ...USER_VIDEO_FIELDS,
  "sticker_info_list",
  "effect_info_list",
  "video_tag",
] as const;
