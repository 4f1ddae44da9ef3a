import { z } from "zod";
import { countSchema, idSchema } from "./ids.js";

export const COMMENT_LIST_ENDPOINT = "video/comment/list/";

/** Every comment field of the spec. Comments carry no author: the API does not return one. */
export const COMMENT_FIELDS = [
  "id",
  "video_id",
  "text",
  "like_count",
  "reply_count",
  "parent_comment_id",
  "create_time",
] as const;

/** One comment or reply. Top-level comments name the video as their parent. */
export const apiCommentSchema = z
  .object({
    id: idSchema,
    video_id: idSchema.nullish(),
    text: z.string().nullish(),
    like_count: countSchema,
    reply_count: countSchema,
    parent_comment_id: idSchema.nullish(),
    create_time: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]),
  })
  .loose();
export type ApiComment = z.infer<typeof apiCommentSchema>;
