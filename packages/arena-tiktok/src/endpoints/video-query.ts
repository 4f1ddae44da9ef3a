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

const SHAPE_KEYS = new Set(Object.keys(apiVideoZodSchema.shape));
/** What `fastApiVideo`'s field readers answer when a value is not in the shape they accept. */
const NOT_FAST = Symbol("not fast");
type Fast<T> = T | typeof NOT_FAST;
const ID_DIGITS = /^\d{1,20}$/;
const DIGITS = /^\d+$/;
const TEXT_KEYS = ["username", "region_code"] as const;
const NULLISH_ID_KEYS = ["music_id", "playlist_id"] as const;
const COUNT_KEYS = [
  "view_count",
  "like_count",
  "comment_count",
  "share_count",
  "favorites_count",
  "favourites_count",
] as const;

const isPlusZeroOrMore = (n: number) => n > 0 || Object.is(n, 0);

/** idSchema's answer for the common shapes (a digit string, a safe non-negative integer). */
function fastId(value: unknown): Fast<string> {
  if (typeof value === "string") return ID_DIGITS.test(value) ? value : NOT_FAST;
  if (typeof value === "number" && Number.isSafeInteger(value) && isPlusZeroOrMore(value))
    return String(value);
  return NOT_FAST;
}

/** countSchema's answer: null or undefined as they are, a safe non-negative integer (or its digits) as a number. */
function fastCount(value: unknown): Fast<number | null | undefined> {
  if (value === null || value === undefined) return value;
  if (typeof value === "number")
    return Number.isSafeInteger(value) && isPlusZeroOrMore(value) ? value : NOT_FAST;
  if (typeof value === "string" && DIGITS.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : NOT_FAST;
  }
  return NOT_FAST;
}

const fastText = (value: unknown): Fast<string | null | undefined> =>
  value === null || value === undefined || typeof value === "string" ? value : NOT_FAST;

/** null or undefined as they are, or a new array of each item's answer (NOT_FAST when one has none). */
function fastList(value: unknown, item: (x: unknown) => Fast<string>): Fast<string[] | null | undefined> {
  if (value === null || value === undefined) return value;
  if (!Array.isArray(value)) return NOT_FAST;
  const copy = new Array<string>(value.length);
  for (let i = 0; i < value.length; i++) {
    const answer = item(value[i]);
    if (answer === NOT_FAST) return NOT_FAST;
    copy[i] = answer;
  }
  return copy;
}

function fastNullishId(value: unknown): Fast<string | null | undefined> {
  return value === null || value === undefined ? value : fastId(value);
}

/**
 * `apiVideoZodSchema`'s output for the shape the API sends (every field of the expected type), built
 * without zod: the same keys in the same order (the schema's, present ones only, then the unknown
 * ones), the same transforms (IDs to strings, digit strings to numbers), new arrays. undefined for
 * anything else, including every invalid video: zod then parses it and names the field. Deliberately
 * narrower than zod (e.g. -0 and non-finite numbers go to zod), never wider. Written out field by
 * field on purpose: a table of per-field readers behind one call site measured 1.8× slower.
 */
export function fastApiVideo(input: unknown): ApiVideo | undefined {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return undefined;
  const v = input as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ("id" in v) {
    const id = v.id === undefined ? undefined : fastId(v.id);
    if (id === NOT_FAST) return undefined;
    out.id = id;
  }
  if ("video_id" in v) {
    const id = v.video_id === undefined ? undefined : fastId(v.video_id);
    if (id === NOT_FAST) return undefined;
    out.video_id = id;
  }
  if ("video_description" in v) {
    const text = fastText(v.video_description);
    if (text === NOT_FAST) return undefined;
    out.video_description = text;
  }
  const created = v.create_time;
  if (typeof created === "number") {
    if (!Number.isFinite(created)) return undefined;
    out.create_time = created;
  } else if (typeof created === "string" && DIGITS.test(created)) {
    out.create_time = Number(created);
  } else {
    return undefined;
  }
  for (const key of TEXT_KEYS) {
    if (!(key in v)) continue;
    const text = fastText(v[key]);
    if (text === NOT_FAST) return undefined;
    out[key] = text;
  }
  for (const key of COUNT_KEYS) {
    if (!(key in v)) continue;
    const count = fastCount(v[key]);
    if (count === NOT_FAST) return undefined;
    out[key] = count;
  }
  if ("hashtag_names" in v) {
    const tags = fastList(v.hashtag_names, (tag) => (typeof tag === "string" ? tag : NOT_FAST));
    if (tags === NOT_FAST) return undefined;
    out.hashtag_names = tags;
  }
  if ("voice_to_text" in v) {
    const text = fastText(v.voice_to_text);
    if (text === NOT_FAST) return undefined;
    out.voice_to_text = text;
  }
  for (const key of NULLISH_ID_KEYS) {
    if (!(key in v)) continue;
    const id = fastNullishId(v[key]);
    if (id === NOT_FAST) return undefined;
    out[key] = id;
  }
  if ("effect_ids" in v) {
    const ids = fastList(v.effect_ids, (id) =>
      typeof id === "string" ? id : typeof id === "number" && Number.isFinite(id) ? String(id) : NOT_FAST,
    );
    if (ids === NOT_FAST) return undefined;
    out.effect_ids = ids;
  }
  if ("video_duration" in v) {
    const duration = v.video_duration;
    if (
      !(
        duration === null ||
        duration === undefined ||
        (typeof duration === "number" && Number.isFinite(duration))
      )
    )
      return undefined;
    out.video_duration = duration;
  }
  for (const key in v) {
    if (!SHAPE_KEYS.has(key) && key !== "__proto__") out[key] = v[key];
  }
  if (out.id === undefined && out.video_id === undefined) return undefined;
  return out as ApiVideo;
}

/**
 * One video as the API returns it; unknown extra fields are kept (they go to raw_metadata). A zod
 * schema whose `safeParse` and `parse` first try `fastApiVideo` (the same output for the shape the API
 * sends, about ten times faster: validation is on the collector's hot path, once per video) and let
 * zod parse everything else, so an invalid video gets zod's issues. Composed into other schemas, or
 * through `z.safeParse(apiVideoSchema, …)`, it is plain zod.
 */
export const apiVideoSchema = withFastPath(apiVideoZodSchema, fastApiVideo);

function withFastPath<S extends z.ZodType>(schema: S, fast: (input: unknown) => z.output<S> | undefined): S {
  const zodSafeParse = schema.safeParse.bind(schema);
  const zodParse = schema.parse.bind(schema);
  schema.safeParse = (data, params) => {
    const value = params === undefined ? fast(data) : undefined;
    return value === undefined ? zodSafeParse(data, params) : { success: true, data: value };
  };
  schema.parse = (data, params) => {
    const value = params === undefined ? fast(data) : undefined;
    return value === undefined ? zodParse(data, params) : value;
  };
  return schema;
}

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
