import { createHash } from "node:crypto";
import {
  type ContentRecord,
  contentHash,
  engagementScore,
  type LanguageDetector,
  type Tier,
} from "@observatory/arena-core";
import type { ApiProduct, ApiReview, ApiShop } from "../endpoints/shop.js";

/** Below this detector confidence the language is recorded as undetermined (null). */
const MIN_LANGUAGE_CONFIDENCE = 0.2;

export interface ShopRecordContext {
  collectedAt: number;
  tier: Tier;
  languageDetector: LanguageDetector;
  /** A reviewer's display name as stored: a pseudonym unless handles are kept. */
  reviewer: (displayName: string) => { pseudonym: string; plain: boolean };
  metadata: Record<string, unknown>;
}

const base = (ctx: ShopRecordContext) => ({
  platform: "tiktok",
  arena: "social_media",
  collected_at: new Date(ctx.collectedAt).toISOString(),
  views_count: null,
  shares_count: null,
  comments_count: null,
  search_terms_matched: [] as string[],
  collection_tier: ctx.tier,
  media_urls: [] as string[],
});

function detect(ctx: ShopRecordContext, text: string) {
  const guess = ctx.languageDetector.detect(text);
  return {
    language: text && guess.language && guess.confidence >= MIN_LANGUAGE_CONFIDENCE ? guess.language : null,
    meta: { language_confidence: guess.confidence, language_detector: ctx.languageDetector.name },
  };
}

/**
 * A shop of tts/shop/ → `content_type: "shop"`: `platform_id` the shop ID, `title` its name, no text,
 * no publication time; `raw_metadata` holds the rating (a string, as documented), review and sold
 * counts and `shop_performance_value`. A shop is an organisation: nothing is pseudonymised.
 */
export function normalizeShop(shop: ApiShop, ctx: ShopRecordContext): ContentRecord {
  const name = shop.shop_name ?? null;
  return {
    ...base(ctx),
    platform_id: shop.shop_id,
    content_type: "shop",
    text_content: null,
    title: name,
    url: null,
    language: null,
    published_at: null,
    author_platform_id: shop.shop_id,
    author_display_name: name,
    pseudonymized_author_id: null,
    likes_count: null,
    engagement_score: null,
    raw_metadata: {
      ...ctx.metadata,
      record_kind: "shop",
      shop_rating: shop.shop_rating ?? null,
      shop_review_count: shop.shop_review_count ?? null,
      item_sold_count: shop.item_sold_count ?? null,
      shop_performance_value: shop.shop_performance_value ?? null,
      shop,
    },
    content_hash: contentHash(name ?? ""),
  };
}

/**
 * A product of tts/product/ → `content_type: "shop_product"`: `title` the product name,
 * `text_content` its description (language detected from it), `author_platform_id` the shop ID asked
 * for; `raw_metadata` holds the price list, sold and review counts and the 1–5 star rating counts.
 */
export function normalizeProduct(product: ApiProduct, shopId: string, ctx: ShopRecordContext): ContentRecord {
  const text = product.product_description ?? "";
  const { language, meta } = detect(ctx, text);
  return {
    ...base(ctx),
    platform_id: product.product_id,
    content_type: "shop_product",
    text_content: text || null,
    title: product.product_name ?? null,
    url: `https://www.tiktok.com/shop/pdp/${product.product_id}`,
    language,
    published_at: null,
    author_platform_id: shopId,
    author_display_name: null,
    pseudonymized_author_id: null,
    likes_count: null,
    engagement_score: null,
    raw_metadata: {
      ...ctx.metadata,
      ...meta,
      record_kind: "shop_product",
      shop_id: shopId,
      product_price: product.product_price ?? null,
      product_rating: product.product_rating ?? null,
      product_sold_count: product.product_sold_count ?? null,
      product_review_count: product.product_review_count ?? null,
      rating_counts: [1, 2, 3, 4, 5].map(
        (n) => product[`product_rating_${n}_count` as keyof ApiProduct] ?? null,
      ),
      product,
    },
    content_hash: contentHash(text),
  };
}

/**
 * A review of tts/review/ → `content_type: "shop_review"`. The documented review fields carry no
 * review ID: `platform_id` is the API's `review_id` when it sends one, else `<product_id>-<16 hex>` of
 * the review's time, reviewer and text (`raw_metadata.platform_id_derived: true`), stable across runs.
 * The reviewer is a person: `pseudonymized_author_id` is the HMAC of the display name, which is kept
 * only with keepAuthorHandles. `likes_count` is `review_like_count`; `raw_metadata.review_rating` 1–5.
 */
export function normalizeReview(review: ApiReview, productId: string, ctx: ShopRecordContext): ContentRecord {
  const text = review.review_text ?? "";
  const { language, meta } = detect(ctx, text);
  const name = review.display_name ?? null;
  const reviewer = name ? ctx.reviewer(name) : undefined;
  const derived = review.review_id === undefined || review.review_id === null;
  const id = derived
    ? `${productId}-${createHash("sha256")
        .update(`${review.create_time ?? ""}\u0000${name ?? ""}\u0000${text}`)
        .digest("hex")
        .slice(0, 16)}`
    : (review.review_id as string);
  const likes = review.review_like_count ?? null;
  return {
    ...base(ctx),
    platform_id: id,
    content_type: "shop_review",
    text_content: text || null,
    title: null,
    url: null,
    language,
    published_at:
      typeof review.create_time === "number" ? new Date(review.create_time * 1000).toISOString() : null,
    author_platform_id: reviewer?.plain ? name : null,
    author_display_name: reviewer?.plain ? name : null,
    pseudonymized_author_id: reviewer?.pseudonym ?? null,
    likes_count: likes,
    engagement_score: engagementScore({ likes }),
    raw_metadata: {
      ...ctx.metadata,
      ...meta,
      record_kind: "shop_review",
      product_id: productId,
      product_name: review.product_name ?? null,
      review_rating: review.review_rating ?? null,
      platform_id_derived: derived,
      author_pseudonymized: reviewer ? !reviewer.plain : null,
    },
    content_hash: contentHash(text),
  };
}
