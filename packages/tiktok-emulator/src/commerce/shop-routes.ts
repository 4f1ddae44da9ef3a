import { type FieldsRule, parseFields } from "../fields.js";
import { invalidParams } from "../http/api-error.js";
import { int64, toWire, type WireValue } from "../json/wire.js";
import { idParam, intParam, type Route, type RouteContext } from "../routes/route.js";
import type { EmuProduct, EmuReview, EmuShop } from "./commerce-corpus.js";

/** The TikTok Shop field catalogues (spec pages research-api-specs-query-tiktok-shop-*). */
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
export const REVIEW_FIELDS = [
  "product_name",
  "review_text",
  "display_name",
  "review_like_count",
  "create_time",
  "review_rating",
] as const;

/** "max 10 for TTS related data". */
const TTS_MAX = 10;

/** The spec lists `fields` as a query parameter and its examples send it in the body: either is read. */
function fieldsOf(ctx: RouteContext, rule: FieldsRule): ReadonlySet<string> {
  const inBody = ctx.body.fields;
  return typeof inBody === "string" && inBody.trim().length > 0 ? parseFields(inBody, rule) : ctx.fields;
}

const select = (fields: ReadonlySet<string>, all: Record<string, WireValue>) => {
  const out: Record<string, WireValue> = {};
  for (const [k, v] of Object.entries(all)) if (fields.has(k)) out[k] = v;
  return out;
};

/** page_start from 1, page_size at most 10: the items of that page. */
function page<T>(ctx: RouteContext, list: readonly T[]): readonly T[] {
  const start = intParam(ctx.body.page_start, 1, 1, 1_000_000, "Invalid page_start: pages start at 1");
  const size = intParam(
    ctx.body.page_size,
    TTS_MAX,
    1,
    TTS_MAX,
    `Invalid page_size: it must be between 1 and ${TTS_MAX}`,
  );
  return list.slice((start - 1) * size, start * size);
}

const SHOP_RULE: FieldsRule = { allowed: SHOP_FIELDS, required: false };
const PRODUCT_RULE: FieldsRule = { allowed: PRODUCT_FIELDS, required: false };
const REVIEW_RULE: FieldsRule = { allowed: REVIEW_FIELDS, required: false };

/** `POST /v2/research/tts/shop/`: the shops whose name matches `shop_name` (at most `limit` ≤ 10), in `shop_data`. */
export const shopInfoRoute: Route = {
  name: "tts/shop",
  pool: "research",
  fields: SHOP_RULE,
  handle(ctx) {
    const name = ctx.body.shop_name;
    if (typeof name !== "string" || name.trim().length === 0) throw invalidParams("shop_name is required");
    const limit = intParam(
      ctx.body.limit,
      TTS_MAX,
      1,
      TTS_MAX,
      `Invalid limit: max ${TTS_MAX} for TTS related data`,
    );
    const fields = fieldsOf(ctx, SHOP_RULE);
    const wanted = name.trim().toLowerCase();
    const found = ctx.commerce.data.shops
      .filter((s) => s.name.toLowerCase().includes(wanted))
      .slice(0, limit);
    const render = (s: EmuShop) =>
      select(fields, {
        shop_id: int64(s.id),
        shop_name: s.name,
        shop_rating: s.rating,
        shop_review_count: s.reviewCount,
        item_sold_count: s.soldCount,
        shop_performance_value: s.performance,
      });
    return { data: toWire({ shop_data: found.map(render) }), records: found.length };
  },
};

/** `POST /v2/research/tts/product/`: a page of a shop's products, in `product_data` (no has_more: a short page ends). */
export const shopProductRoute: Route = {
  name: "tts/product",
  pool: "research",
  fields: PRODUCT_RULE,
  handle(ctx) {
    const id = idParam(ctx.body.shop_id, "shop_id");
    const shop = ctx.commerce.data.shopsById.get(id);
    if (!shop) throw invalidParams(`Shop ${id} is invalid: cannot find the shop`);
    const fields = fieldsOf(ctx, PRODUCT_RULE);
    const items = page(ctx, shop.products);
    const render = (p: EmuProduct) =>
      select(fields, {
        product_id: int64(p.id),
        product_name: p.name,
        product_description: p.description,
        product_price: [{ currency: "EUR", price: (p.price / 10).toFixed(2) }],
        product_sold_count: p.soldCount,
        product_review_count: p.reviews.length,
        product_rating_1_count: p.ratings[0],
        product_rating_2_count: p.ratings[1],
        product_rating_3_count: p.ratings[2],
        product_rating_4_count: p.ratings[3],
        product_rating_5_count: p.ratings[4],
      });
    return { data: toWire({ product_data: items.map(render) }), records: items.length };
  },
};

/** `POST /v2/research/tts/review/`: a page of a product's reviews, in `review_data`. */
export const shopReviewRoute: Route = {
  name: "tts/review",
  pool: "research",
  fields: REVIEW_RULE,
  handle(ctx) {
    const id = idParam(ctx.body.product_id, "product_id");
    const product = ctx.commerce.data.productsById.get(id);
    if (!product) throw invalidParams(`Product ${id} is invalid: cannot find the product`);
    const fields = fieldsOf(ctx, REVIEW_RULE);
    const items = page(ctx, product.reviews);
    const render = (r: EmuReview) =>
      select(fields, {
        product_name: r.productName,
        review_text: r.text,
        display_name: r.displayName,
        review_like_count: r.likes,
        create_time: r.createTime,
        review_rating: r.rating,
      });
    return { data: toWire({ review_data: items.map(render) }), records: items.length };
  },
};
