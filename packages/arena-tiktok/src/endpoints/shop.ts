import { z } from "zod";
import { countSchema, idSchema } from "./ids.js";

/**
 * The TikTok Shop research endpoints (scope `research.data.basic`; changelog 2024-12-09), from the spec
 * pages `research-api-specs-query-tiktok-shop-{info,products,reviews}`. Data is for shops and products
 * available in the EU. "max 10 for TTS related data": `limit` (shops) and `page_size` (products,
 * reviews) are at most 10; `page_start` counts pages from 1.
 */
export const SHOP_INFO_ENDPOINT = "tts/shop/";
export const SHOP_PRODUCT_ENDPOINT = "tts/product/";
export const SHOP_REVIEW_ENDPOINT = "tts/review/";

export const SHOP_PAGE_MAX = 10;

export const SHOP_FIELDS = [
  "shop_name",
  "shop_rating",
  "shop_review_count",
  "item_sold_count",
  "shop_id",
  "shop_performance_value",
] as const;

export const PRODUCT_FIELDS = [
  "product_id",
  "product_sold_count",
  "product_description",
  "product_price",
  "product_review_count",
  "product_name",
  "product_rating_1_count",
  "product_rating_2_count",
  "product_rating_3_count",
  "product_rating_4_count",
  "product_rating_5_count",
] as const;

/** The review fields the docs' example requests (the review object's table is not in the stored copies). */
export const REVIEW_FIELDS = [
  "product_name",
  "review_text",
  "display_name",
  "review_like_count",
  "create_time",
  "review_rating",
] as const;

/** Where each endpoint's list sits in `data`. shop_data is documented; the others are read by analogy. */
export const SHOP_LIST_KEYS = ["shop_data", "shops"] as const;
export const PRODUCT_LIST_KEYS = ["product_data", "products"] as const;
export const REVIEW_LIST_KEYS = ["review_data", "reviews"] as const;

/** A rating: "The rating of the shop" is documented as a string; numbers are accepted too. */
const rating = z.union([z.string(), z.number()]).transform(String).nullish();

export const apiShopSchema = z
  .object({
    shop_id: idSchema,
    shop_name: z.string().nullish(),
    shop_rating: rating,
    shop_review_count: countSchema,
    item_sold_count: countSchema,
    shop_performance_value: countSchema,
  })
  .loose();
export type ApiShop = z.infer<typeof apiShopSchema>;

export const apiProductSchema = z
  .object({
    product_id: idSchema,
    product_name: z.string().nullish(),
    product_description: z.string().nullish(),
    product_price: z.array(z.unknown()).nullish(),
    product_rating: rating,
    product_sold_count: countSchema,
    product_review_count: countSchema,
    product_rating_1_count: countSchema,
    product_rating_2_count: countSchema,
    product_rating_3_count: countSchema,
    product_rating_4_count: countSchema,
    product_rating_5_count: countSchema,
  })
  .loose();
export type ApiProduct = z.infer<typeof apiProductSchema>;

export const apiReviewSchema = z
  .object({
    review_id: idSchema.nullish(),
    product_name: z.string().nullish(),
    review_text: z.string().nullish(),
    display_name: z.string().nullish(),
    review_like_count: countSchema,
    create_time: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
    review_rating: z
      .union([z.number(), z.string()])
      .transform(Number)
      .pipe(z.number().min(0).max(5))
      .nullish(),
  })
  .loose();
export type ApiReview = z.infer<typeof apiReviewSchema>;

/** The page data: the list under one of the keys above; `has_more` is not documented and read if present. */
export const shopPageSchema = z.object({ has_more: z.boolean().nullish() }).loose();
