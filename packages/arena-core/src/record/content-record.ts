import { z } from "zod";
import { tierSchema } from "../contract/tier.js";

const isoUtc = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, "an ISO-8601 UTC timestamp ending in Z");
const count = z.number().int().nonnegative().nullable();

/**
 * The Universal Content Record: snake_case, as the observatory's `content_records` table has it, so a
 * host inserts a record as it is. Platform IDs are strings, exact (TikTok's exceed 2^53).
 */
export const contentRecordSchema = z
  .object({
    platform: z.string().min(1),
    arena: z.string().min(1),
    platform_id: z.string().min(1).describe("the platform's own ID, as an exact string"),
    content_type: z.string().min(1).describe("video, comment, post, …"),
    text_content: z.string().nullable(),
    title: z.string().nullable(),
    url: z.string().url().nullable(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .nullable()
      .describe("ISO 639 code detected from the text; null when undetermined"),
    published_at: isoUtc.nullable(),
    collected_at: isoUtc,
    author_platform_id: z.string().nullable(),
    author_display_name: z.string().nullable(),
    pseudonymized_author_id: z
      .string()
      .nullable()
      .describe("HMAC-SHA256(salt, platform:author) in hex; the plain handle only for listed public figures"),
    views_count: count,
    likes_count: count,
    shares_count: count,
    comments_count: count,
    engagement_score: z.number().nonnegative().nullable(),
    raw_metadata: z.record(z.string(), z.unknown()),
    media_urls: z.array(z.string()),
    content_hash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable()
      .describe("SHA-256 of the normalised text: a near-duplicate key, never a primary key"),
    search_terms_matched: z.array(z.string()),
    collection_tier: tierSchema,
  })
  .strict();

export type ContentRecord = z.infer<typeof contentRecordSchema>;

export const CONTENT_RECORD_FIELDS = Object.keys(contentRecordSchema.shape) as (keyof ContentRecord)[];

/** JSON Schema (draft 2020-12) of the UCR, for hosts that do not run TypeScript. */
export function contentRecordJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(contentRecordSchema, { target: "draft-2020-12" }),
    $id: "https://observatory.example/schemas/content-record.schema.json",
    title: "Universal Content Record",
  };
}
