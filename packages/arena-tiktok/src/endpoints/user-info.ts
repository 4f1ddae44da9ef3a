import { z } from "zod";
import { countSchema } from "./ids.js";

export const USER_INFO_ENDPOINT = "user/info/";

/**
 * Every documented field: the spec's eight, `bio_url` (changelog 2024-11-04), and `open_id` and
 * `is_private` (the newer spec page, which also lets a request name `open_id` instead of `username`).
 */
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

/** user/info/: the object sits directly in `data`; the username is not echoed back. */
export const userInfoSchema = z
  .object({
    display_name: z.string().nullish(),
    bio_description: z.string().nullish(),
    bio_url: z.string().nullish(),
    avatar_url: z.string().nullish(),
    is_verified: z.boolean().nullish(),
    follower_count: countSchema,
    following_count: countSchema,
    likes_count: countSchema,
    video_count: countSchema,
    open_id: z.string().nullish(),
    is_private: z.boolean().nullish(),
  })
  .loose();
export type UserInfo = z.infer<typeof userInfoSchema>;
