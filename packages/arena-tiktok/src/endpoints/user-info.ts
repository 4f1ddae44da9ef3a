import { z } from "zod";
import { countSchema } from "./ids.js";

export const USER_INFO_ENDPOINT = "user/info/";

export const USER_INFO_FIELDS = [
  "display_name",
  "bio_description",
  "avatar_url",
  "is_verified",
  "follower_count",
  "following_count",
  "likes_count",
  "video_count",
] as const;

/** user/info/: the object sits directly in `data`; the username is not echoed back. */
export const userInfoSchema = z
  .object({
    display_name: z.string().nullish(),
    bio_description: z.string().nullish(),
    avatar_url: z.string().nullish(),
    is_verified: z.boolean().nullish(),
    follower_count: countSchema,
    following_count: countSchema,
    likes_count: countSchema,
    video_count: countSchema,
  })
  .loose();
export type UserInfo = z.infer<typeof userInfoSchema>;
