import {
  type ContentRecord,
  contentHash,
  engagementScore,
  type LanguageDetector,
  type Tier,
} from "@observatory/arena-core";
import type { ApiComment } from "../endpoints/comments.js";

/** Below this detector confidence the language is recorded as undetermined (null). */
const MIN_LANGUAGE_CONFIDENCE = 0.2;

export interface CommentNormalizeContext {
  collectedAt: number;
  tier: Tier;
  languageDetector: LanguageDetector;
  /** The video the comments were asked for (the API may omit `video_id` when not requested). */
  videoId: string;
  metadata: Record<string, unknown>;
}

/**
 * A Research API comment → a Universal Content Record (`content_type: "comment"`).
 *
 * The API returns no author for comments (the field list is id, video_id, text, like_count,
 * reply_count, parent_comment_id, create_time), so the author columns are null and
 * `raw_metadata.author_available` is false: there is nothing to pseudonymise. A top-level comment
 * names its video as parent; a reply names the comment it answers (`raw_metadata.is_reply`).
 */
export function normalizeComment(comment: ApiComment, ctx: CommentNormalizeContext): ContentRecord {
  const text = comment.text ?? "";
  const videoId = comment.video_id ?? ctx.videoId;
  const parent = comment.parent_comment_id ?? null;
  const guess = ctx.languageDetector.detect(text);
  const language = guess.language && guess.confidence >= MIN_LANGUAGE_CONFIDENCE ? guess.language : null;
  const counts = { likes: comment.like_count ?? null, comments: comment.reply_count ?? null };
  return {
    platform: "tiktok",
    arena: "social_media",
    platform_id: comment.id,
    content_type: "comment",
    text_content: text || null,
    title: null,
    url: `https://www.tiktok.com/@/video/${videoId}`,
    language,
    published_at: new Date(comment.create_time * 1000).toISOString(),
    collected_at: new Date(ctx.collectedAt).toISOString(),
    author_platform_id: null,
    author_display_name: null,
    pseudonymized_author_id: null,
    views_count: null,
    likes_count: counts.likes,
    shares_count: null,
    comments_count: counts.comments,
    engagement_score: engagementScore(counts),
    raw_metadata: {
      ...ctx.metadata,
      video_id: videoId,
      parent_comment_id: parent,
      is_reply: parent !== null && parent !== videoId,
      reply_count: comment.reply_count ?? null,
      author_available: false,
      language_confidence: guess.confidence,
      language_detector: ctx.languageDetector.name,
      engagement_collected_at: new Date(ctx.collectedAt).toISOString(),
    },
    media_urls: [],
    content_hash: contentHash(text),
    search_terms_matched: [],
    collection_tier: ctx.tier,
  };
}
