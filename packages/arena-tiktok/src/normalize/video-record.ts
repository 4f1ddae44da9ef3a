import {
  type ContentRecord,
  contentHash,
  DAY_MS,
  engagementScore,
  isoUtc,
  type LanguageDetector,
  type Pseudonym,
  type Tier,
} from "@observatory/arena-core";
import type { ApiVideo } from "../endpoints/video-query.js";
import { type CollectionRules, ELIGIBILITY_CHANGE } from "../run/collection-rules.js";
import { detectionText } from "./detection-text.js";

/** Below this (calibrated) confidence the detector is more often wrong than right: the language is recorded as null. */
const MIN_LANGUAGE_CONFIDENCE = 0.5;
/** TikTok's counts keep growing for about ten days after posting. */
export const ENGAGEMENT_LAG_DAYS = 10;

/**
 * Whether the UCR columns already hold the API field `key` (everything else the API returned goes to
 * raw_metadata). A switch: once per field of every record, cheaper than a Set lookup.
 */
function isMapped(key: string): boolean {
  switch (key) {
    case "id":
    case "video_id":
    case "video_description":
    case "create_time":
    case "username":
    case "view_count":
    case "like_count":
    case "comment_count":
    case "share_count":
    case "favourites_count":
      return true;
    default:
      return false;
  }
}

export interface AuthorInfo {
  display_name?: string | null;
  is_verified?: boolean | null;
  follower_count?: number | null;
  following_count?: number | null;
  likes_count?: number | null;
  video_count?: number | null;
}

export interface VideoNormalizeContext {
  collectedAt: number;
  /** `collectedAt` as ISO 8601, when the caller has it: it is the same for a whole page (computed once, not per record). */
  collectedAtIso?: string;
  tier: Tier;
  pseudonymize: (platform: string, author: string) => Pseudonym;
  keepAuthorHandles: boolean;
  languageDetector: LanguageDetector;
  /** The query's terms, for search_terms_matched. */
  matchTerms: (video: { description: string; hashtags: readonly string[]; username: string }) => string[];
  metadata: Record<string, unknown>;
  authors?: ReadonlyMap<string, AuthorInfo>;
  /** The API's rules when collected (`raw_metadata.collection_rules`; the per-record side of the rule change is added). */
  collectionRules?: Omit<CollectionRules, "published_since_rule_change">;
}

/** A Research API video → a Universal Content Record. */
export function normalizeVideo(video: ApiVideo, ctx: VideoNormalizeContext): ContentRecord {
  const id = (video.id ?? video.video_id) as string;
  const description = video.video_description ?? "";
  const username = video.username ?? "";
  const publishedMs = video.create_time * 1000;
  const voice = video.voice_to_text || null;
  const text = voice ? `${description}\n\n${voice}` : description;
  const guess = ctx.languageDetector.detect(detectionText(description, voice));
  const language = guess.language && guess.confidence >= MIN_LANGUAGE_CONFIDENCE ? guess.language : null;
  const author = username ? ctx.pseudonymize("tiktok", username) : undefined;
  const plain = ctx.keepAuthorHandles || author?.publicFigure === true;
  const info = username ? ctx.authors?.get(username.toLowerCase()) : undefined;
  const counts = {
    views: video.view_count ?? null,
    likes: video.like_count ?? null,
    comments: video.comment_count ?? null,
    shares: video.share_count ?? null,
  };
  // Hot path (once per record): no intermediate arrays or objects. for…in with the own check visits
  // what Object.keys lists, in the same order, without building the array.
  const raw: Record<string, unknown> = {};
  const fields = video as Record<string, unknown>;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key) || isMapped(key)) continue;
    const value = fields[key];
    if (value !== undefined) raw[key] = value;
  }
  if (video.favourites_count != null && raw.favorites_count == null)
    raw.favorites_count = video.favourites_count;
  Object.assign(raw, ctx.metadata);
  const collectedAt = ctx.collectedAtIso ?? isoUtc(ctx.collectedAt);
  raw.language_confidence = guess.confidence;
  raw.language_detector = ctx.languageDetector.name;
  if (guess.runnerUp !== undefined) raw.language_runner_up = guess.runnerUp;
  if (guess.margin !== undefined) raw.language_margin = guess.margin;
  raw.engagement_collected_at = collectedAt;
  raw.engagement_settling = ctx.collectedAt - publishedMs < ENGAGEMENT_LAG_DAYS * DAY_MS;
  raw.author_pseudonymized = !plain;
  if (ctx.collectionRules) {
    raw.collection_rules = {
      ...ctx.collectionRules,
      published_since_rule_change: publishedMs >= ELIGIBILITY_CHANGE,
    } satisfies CollectionRules;
  }
  if (author?.publicFigure) raw.public_figure = true;
  if (info) {
    raw.author = {
      is_verified: info.is_verified ?? null,
      follower_count: info.follower_count ?? null,
      following_count: info.following_count ?? null,
      likes_count: info.likes_count ?? null,
      video_count: info.video_count ?? null,
    };
  }
  // An actor query names the author: keep the pseudonym there too, not the handle.
  const terms = ctx.matchTerms({ description, hashtags: video.hashtag_names ?? [], username });
  let matched: string[] = [];
  if (terms.length) {
    const handleTerm = `@${username.toLowerCase()}`;
    matched = terms.map((term) => (!plain && author && term === handleTerm ? `@${author.id}` : term));
  }
  return {
    platform: "tiktok",
    arena: "social_media",
    platform_id: id,
    content_type: "video",
    text_content: text || null,
    title: null,
    url: `https://www.tiktok.com/@${plain ? username : ""}/video/${id}`,
    language,
    published_at: isoUtc(publishedMs),
    collected_at: collectedAt,
    author_platform_id: author ? (plain ? username : author.id) : null,
    author_display_name: plain ? (info?.display_name ?? null) : null,
    pseudonymized_author_id: author?.id ?? null,
    views_count: counts.views,
    likes_count: counts.likes,
    shares_count: counts.shares,
    comments_count: counts.comments,
    engagement_score: engagementScore(counts),
    raw_metadata: raw,
    media_urls: [],
    content_hash: contentHash(description),
    search_terms_matched: matched,
    collection_tier: ctx.tier,
  };
}
