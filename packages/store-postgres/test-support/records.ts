import type { ContentRecord } from "@observatory/arena-core";

/** A valid UCR video with a 19-digit ID (beyond 2^53) and the given overrides. */
export function video(id: string, overrides: Partial<ContentRecord> = {}): ContentRecord {
  return {
    platform: "tiktok",
    arena: "social_media",
    platform_id: id,
    content_type: "video",
    text_content: `video ${id} #klima`,
    title: null,
    url: `https://www.tiktok.com/@someone/video/${id}`,
    language: "da",
    published_at: "2026-09-01T12:00:00.000Z",
    collected_at: "2026-09-20T08:00:00.000Z",
    author_platform_id: null,
    author_display_name: null,
    pseudonymized_author_id: "a".repeat(64),
    views_count: 100,
    likes_count: 10,
    shares_count: 1,
    comments_count: 2,
    engagement_score: 0.13,
    raw_metadata: { region_code: "DK", nested: { id: "7412345678901234567", n: 1.5 }, list: [1, "x"] },
    media_urls: [],
    content_hash: "b".repeat(64),
    search_terms_matched: ["klima"],
    collection_tier: "free",
    ...overrides,
  };
}

/** n videos with consecutive 19-digit IDs. */
export const videos = (
  n: number,
  from = 7_412_345_678_901_234_000n,
  overrides: Partial<ContentRecord> = {},
) => Array.from({ length: n }, (_, i) => video(String(from + BigInt(i)), overrides));
