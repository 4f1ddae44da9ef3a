/**
 * The UCR's columns as the contract names them, with their SQL types: `content_records` and `comments`
 * hold exactly these (plus the store's own bookkeeping columns). Order = the UCR's field order.
 */
export const CONTENT_COLUMNS = [
  ["platform", "text NOT NULL"],
  ["arena", "text NOT NULL"],
  ["platform_id", "text NOT NULL"],
  ["content_type", "text NOT NULL"],
  ["text_content", "text"],
  ["title", "text"],
  ["url", "text"],
  ["language", "text"],
  ["published_at", "timestamptz"],
  ["collected_at", "timestamptz NOT NULL"],
  ["author_platform_id", "text"],
  ["author_display_name", "text"],
  ["pseudonymized_author_id", "text"],
  ["views_count", "bigint"],
  ["likes_count", "bigint"],
  ["shares_count", "bigint"],
  ["comments_count", "bigint"],
  ["engagement_score", "double precision"],
  ["raw_metadata", "jsonb NOT NULL"],
  ["media_urls", "text[] NOT NULL"],
  ["content_hash", "text"],
  ["search_terms_matched", "text[] NOT NULL"],
  ["collection_tier", "text NOT NULL"],
] as const;

export type ContentColumn = (typeof CONTENT_COLUMNS)[number][0];
export const CONTENT_COLUMN_NAMES: readonly ContentColumn[] = CONTENT_COLUMNS.map(([name]) => name);
