import { z } from "zod";

export const FOLLOWERS_ENDPOINT = "user/followers/";
export const FOLLOWING_ENDPOINT = "user/following/";

/** One entry of `user_followers` / `user_following`: the spec documents only these two fields. */
export const apiRelationSchema = z
  .object({
    username: z.string().min(1),
    display_name: z.string().nullish(),
  })
  .loose();
export type ApiRelation = z.infer<typeof apiRelationSchema>;
