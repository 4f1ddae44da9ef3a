import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CONTENT_RECORD_FIELDS,
  type ContentRecord,
  contentRecordJsonSchema,
  contentRecordSchema,
} from "./content-record.js";

const schemaFile = JSON.parse(
  readFileSync(new URL("../../content-record.schema.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schemaFile);

const valid: ContentRecord = {
  platform: "tiktok",
  arena: "social_media",
  platform_id: "7301234567890123456",
  content_type: "video",
  text_content: "Klimaafgiften er vedtaget #dkpol",
  title: null,
  url: "https://www.tiktok.com/@drnyheder/video/7301234567890123456",
  language: "da",
  published_at: "2026-09-01T10:00:00Z",
  collected_at: "2026-09-02T08:30:00.123Z",
  author_platform_id: null,
  author_display_name: null,
  pseudonymized_author_id: "e8ee554f4c6aab0c8056b93224a5fb0189eb37072b48e7a6ab6109e02c3754be",
  views_count: 1000,
  likes_count: 10,
  shares_count: 2,
  comments_count: 5,
  engagement_score: 3.295837,
  raw_metadata: { language_confidence: 0.97, region_code: "DK" },
  media_urls: [],
  content_hash: "9217fef145bc52df6588503059242e1156a6ba49b7f63336a557499523e55858",
  search_terms_matched: ["#dkpol"],
  collection_tier: "free",
};

const invalid: [string, Record<string, unknown>][] = [
  ["a numeric platform_id (IDs are exact strings)", { platform_id: Number("7301234567890123456") }],
  ["a missing field", { collected_at: undefined }],
  ["an unknown field", { extra: 1 }],
  ["a local timestamp without Z", { published_at: "2026-09-01T10:00:00" }],
  ["a negative count", { likes_count: -1 }],
  ["a fractional count", { views_count: 1.5 }],
  ["a short content hash", { content_hash: "abc" }],
  ["an upper-case language", { language: "DA" }],
  ["an unknown tier", { collection_tier: "gold" }],
  ["a URL that is not a URL", { url: "not a url" }],
  ["raw_metadata that is not an object", { raw_metadata: [] }],
];

const withChange = (change: Record<string, unknown>) => {
  const record: Record<string, unknown> = { ...valid, ...change };
  for (const [k, v] of Object.entries(change)) if (v === undefined) delete record[k];
  return record;
};

describe("the Universal Content Record", () => {
  it("content-record.schema.json (written by the build) is exactly contentRecordJsonSchema()", () => {
    expect(schemaFile).toEqual(contentRecordJsonSchema());
    expect(schemaFile.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schemaFile.properties as object).sort()).toEqual([...CONTENT_RECORD_FIELDS].sort());
    expect(schemaFile.required).toEqual(expect.arrayContaining([...CONTENT_RECORD_FIELDS]));
  });

  it("a valid record passes both the zod schema and a JSON-Schema validator", () => {
    expect(contentRecordSchema.safeParse(valid).success).toBe(true);
    expect(validate(valid), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(invalid)("rejects %s in both", (_, change) => {
    const record = withChange(change);
    expect(contentRecordSchema.safeParse(record).success).toBe(false);
    expect(validate(record)).toBe(false);
  });

  it("zod and the JSON Schema agree on records with random counts, languages and hashes", () => {
    const record = fc.record({
      views_count: fc.oneof(fc.constant(null), fc.integer({ min: -2, max: 1e9 })),
      language: fc.oneof(fc.constant(null), fc.stringMatching(/^[a-zA-Z]{1,4}$/)),
      content_hash: fc.oneof(fc.constant(null), fc.stringMatching(/^[0-9a-fA-F]{62,65}$/)),
      engagement_score: fc.oneof(fc.constant(null), fc.double({ min: -1, max: 30, noNaN: true })),
    });
    fc.assert(
      fc.property(record, (change) => {
        const candidate = withChange(change);
        return contentRecordSchema.safeParse(candidate).success === validate(candidate);
      }),
      { numRuns: 300 },
    );
  });
});
