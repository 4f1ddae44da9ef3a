import { z } from "zod";
import { countSchema, idSchema } from "../../endpoints/ids.js";
import type { ApiVideo } from "../../endpoints/video-query.js";

/**
 * One record of Bright Data's TikTok Posts dataset (docs.brightdata.com, "TikTok posts" scraper:
 * post_id, description, create_time (ISO-8601), digg_count, share_count, collect_count,
 * comment_count, play_count, video_duration, hashtags, video_url, profile_username, profile_url, …).
 * Unknown fields are tolerated; with include_errors, failed inputs come back as `{ error, error_code }`.
 */
export const brightDataPostSchema = z
  .object({
    post_id: idSchema,
    description: z.string().nullish(),
    create_time: z.union([z.string(), z.number()]),
    digg_count: countSchema,
    share_count: countSchema,
    collect_count: countSchema,
    comment_count: countSchema,
    play_count: countSchema,
    video_duration: z.number().nullish(),
    hashtags: z.array(z.union([z.string(), z.object({ name: z.string() }).loose()])).nullish(),
    profile_username: z.string().nullish(),
    region: z.string().nullish(),
  })
  .loose();
export type BrightDataPost = z.infer<typeof brightDataPostSchema>;

/** A record that reports a failed input instead of a post. */
export function errorRecord(raw: unknown): { error: string; code?: string } | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.error !== "string" && typeof r.error_code !== "string") return undefined;
  return {
    error: String(r.error ?? r.error_code),
    ...(typeof r.error_code === "string" ? { code: r.error_code } : {}),
  };
}

/** Epoch seconds of `create_time` (ISO string, or epoch seconds/ms), or NaN. */
export function postCreateSeconds(post: BrightDataPost): number {
  const t = post.create_time;
  if (typeof t === "number") return Math.floor(t > 1e12 ? t / 1000 : t);
  if (/^\d+$/.test(t)) return postCreateSeconds({ ...post, create_time: Number(t) });
  return Math.floor(Date.parse(t) / 1000);
}

/**
 * The post as a Research API video, so the same normaliser makes the UCR record. Only content and
 * counts are carried over: profile URLs and the like would leak the handle past pseudonymisation.
 */
export function postToApiVideo(post: BrightDataPost): ApiVideo {
  const hashtags = (post.hashtags ?? [])
    .map((h) => (typeof h === "string" ? h : h.name).replace(/^#/, ""))
    .filter((h) => h.length > 0);
  return {
    id: post.post_id,
    video_description: post.description ?? "",
    create_time: postCreateSeconds(post),
    username: post.profile_username ?? null,
    view_count: post.play_count ?? null,
    like_count: post.digg_count ?? null,
    comment_count: post.comment_count ?? null,
    share_count: post.share_count ?? null,
    favorites_count: post.collect_count ?? null,
    hashtag_names: hashtags,
    ...(post.video_duration == null ? {} : { video_duration: post.video_duration }),
    ...(post.region ? { region_code: post.region } : {}),
  } as ApiVideo;
}
