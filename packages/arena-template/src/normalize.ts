import {
  type ContentRecord,
  contentHash,
  engagementScore,
  type LanguageDetector,
  type Pseudonym,
} from "@observatory/arena-core";
import type { ApiPost } from "./client.js";

export interface NormalizeContext {
  collectedAt: number;
  pseudonymize: (platform: string, author: string) => Pseudonym;
  languageDetector?: LanguageDetector;
  matchTerms: (post: ApiPost) => string[];
}

/** REPLACE: the platform's item → a Universal Content Record (snake_case, exact string IDs, ISO UTC). */
export function normalizePost(post: ApiPost, ctx: NormalizeContext): ContentRecord {
  const guess = ctx.languageDetector?.detect(post.text);
  const pseudonym = ctx.pseudonymize("example", post.author);
  const counts = { likes: post.likes ?? null, shares: post.shares ?? null, comments: post.comments ?? null };
  return {
    platform: "example",
    arena: "social_media",
    platform_id: post.id,
    content_type: "post",
    text_content: post.text,
    title: null,
    url: `https://example.org/post/${post.id}`,
    language: guess?.language ?? null,
    published_at: new Date(post.created_at).toISOString(),
    collected_at: new Date(ctx.collectedAt).toISOString(),
    author_platform_id: null,
    author_display_name: null,
    pseudonymized_author_id: pseudonym.id,
    views_count: null,
    likes_count: counts.likes,
    shares_count: counts.shares,
    comments_count: counts.comments,
    engagement_score: engagementScore(counts),
    raw_metadata: {
      ...(guess ? { language_confidence: guess.confidence } : {}),
      ...(pseudonym.publicFigure ? { public_figure: true } : {}),
    },
    media_urls: [],
    content_hash: contentHash(post.text),
    search_terms_matched: ctx.matchTerms(post),
    collection_tier: "free",
  };
}
