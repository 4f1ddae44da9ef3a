import {
  type ContentRecord,
  fingerprint,
  parseInput,
  type ReportingStream,
  reportingStream,
} from "@observatory/arena-core";
import { z } from "zod";
import type { TikTokDeps } from "../deps.js";
import {
  apiProductSchema,
  apiReviewSchema,
  apiShopSchema,
  PRODUCT_FIELDS,
  PRODUCT_LIST_KEYS,
  REVIEW_FIELDS,
  REVIEW_LIST_KEYS,
  SHOP_FIELDS,
  SHOP_INFO_ENDPOINT,
  SHOP_LIST_KEYS,
  SHOP_PAGE_MAX,
  SHOP_PRODUCT_ENDPOINT,
  SHOP_REVIEW_ENDPOINT,
} from "../endpoints/shop.js";
import type { ExtraEndpoint, ExtraPage } from "../paging/extra-pages.js";
import { deriveRunId } from "../run/run-id.js";
import { runExtraCollection } from "../streams/extra-run.js";
import type { ListCollectOptions } from "../streams/list-options.js";
import { parseIds, parseLimit } from "../streams/targets.js";
import { normalizeProduct, normalizeReview, normalizeShop, type ShopRecordContext } from "./shop-records.js";

// The spec lists `fields` as a query parameter; its examples send it in the body. Both are sent.
export const SHOPS_ENDPOINT: ExtraEndpoint<string> = {
  name: "shops",
  path: SHOP_INFO_ENDPOINT,
  pool: "research",
  cursor: "none",
  listKeys: SHOP_LIST_KEYS,
  fields: SHOP_FIELDS,
  maxCount: SHOP_PAGE_MAX,
  body: (name, count) => ({ shop_name: name, fields: SHOP_FIELDS.join(","), limit: count }),
};

export const PRODUCTS_ENDPOINT: ExtraEndpoint<string> = {
  name: "products",
  path: SHOP_PRODUCT_ENDPOINT,
  pool: "research",
  cursor: "page",
  listKeys: PRODUCT_LIST_KEYS,
  fields: PRODUCT_FIELDS,
  maxCount: SHOP_PAGE_MAX,
  body: (shopId) => ({ shop_id: shopId, fields: PRODUCT_FIELDS.join(",") }),
};

export const REVIEWS_ENDPOINT: ExtraEndpoint<string> = {
  name: "reviews",
  path: SHOP_REVIEW_ENDPOINT,
  pool: "research",
  cursor: "page",
  listKeys: REVIEW_LIST_KEYS,
  fields: REVIEW_FIELDS,
  maxCount: SHOP_PAGE_MAX,
  body: (productId) => ({ product_id: productId, fields: REVIEW_FIELDS.join(",") }),
};

const shopNames = z
  .array(z.string().trim().min(1, "an empty shop name"))
  .min(1, "give at least one shop name");

async function recordContext(deps: TikTokDeps) {
  const languageDetector = await deps.languageDetector();
  return (endpoint: string, page: ExtraPage): ShopRecordContext => ({
    collectedAt: deps.clock.now(),
    tier: "free",
    languageDetector,
    reviewer: (name) => ({ pseudonym: deps.pseudonymize("tiktok", name).id, plain: deps.keepAuthorHandles }),
    metadata: {
      source_endpoint: endpoint,
      request_fingerprint: page.fingerprint,
      ...(page.requested ? { page_start: Number(page.requested) } : {}),
      ...(page.logId ? { log_id: page.logId } : {}),
    },
  });
}

/** tts/shop/ for each shop name: the shops by that name (at most 10 each), as `content_type: "shop"`. */
export function shopStream(
  deps: TikTokDeps,
  names: string | readonly string[],
  options: ListCollectOptions = {},
): ReportingStream<ContentRecord> {
  return reportingStream(async function* (report) {
    const list = [
      ...new Set(
        parseInput(
          z.object({ shopNames }),
          { shopNames: typeof names === "string" ? [names] : names },
          "shop names",
        ).shopNames,
      ),
    ];
    const limit = parseLimit(options.maxResults, "maxResults");
    const context = await recordContext(deps);
    const request = { names: list, limit: limit ?? null };
    yield* runExtraCollection(
      deps,
      {
        kind: "shops",
        runId: options.runId ?? deriveRunId("shops", request),
        fingerprint: fingerprint(request),
        endpoint: SHOPS_ENDPOINT,
        targets: list.map((name) => ({ label: name, query: name })),
        ...(limit === undefined ? {} : { limit }),
        options,
        describe: (name) => `shop info of "${name}"`,
        map: (item, page) => {
          const parsed = apiShopSchema.safeParse(item);
          if (!parsed.success) return undefined;
          const record = normalizeShop(parsed.data, context(SHOP_INFO_ENDPOINT, page));
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
      },
      report,
    );
  });
}

function pagedStream(
  deps: TikTokDeps,
  kind: "products" | "reviews",
  ids: string | readonly string[],
  options: ListCollectOptions,
): ReportingStream<ContentRecord> {
  const endpoint = kind === "products" ? PRODUCTS_ENDPOINT : REVIEWS_ENDPOINT;
  return reportingStream(async function* (report) {
    const targets = parseIds(ids, kind === "products" ? "shopIds" : "productIds");
    const limit = parseLimit(options.maxResults, "maxResults");
    const context = await recordContext(deps);
    const request = { ids: targets, limit: limit ?? null };
    yield* runExtraCollection(
      deps,
      {
        kind,
        runId: options.runId ?? deriveRunId(kind, request),
        fingerprint: fingerprint(request),
        endpoint,
        targets: targets.map((id) => ({ label: id, query: id })),
        ...(limit === undefined ? {} : { limit }),
        options,
        describe: (id) => (kind === "products" ? `products of shop ${id}` : `reviews of product ${id}`),
        map: (item, page, target) => {
          if (kind === "products") {
            const parsed = apiProductSchema.safeParse(item);
            if (!parsed.success) return undefined;
            const record = normalizeProduct(parsed.data, target, context(endpoint.path, page));
            return { key: record.platform_id, id: record.platform_id, value: record };
          }
          const parsed = apiReviewSchema.safeParse(item);
          if (!parsed.success) return undefined;
          const record = normalizeReview(parsed.data, target, context(endpoint.path, page));
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
      },
      report,
    );
  });
}

/** tts/product/ for each shop ID, page by page (page_start from 1, page_size ≤ 10): `content_type: "shop_product"`. */
export const productStream = (
  deps: TikTokDeps,
  shopIds: string | readonly string[],
  options: ListCollectOptions = {},
) => pagedStream(deps, "products", shopIds, options);

/** tts/review/ for each product ID, page by page: `content_type: "shop_review"` (reviewers pseudonymised). */
export const reviewStream = (
  deps: TikTokDeps,
  productIds: string | readonly string[],
  options: ListCollectOptions = {},
) => pagedStream(deps, "reviews", productIds, options);
