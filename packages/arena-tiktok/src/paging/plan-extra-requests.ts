import { parseInput } from "@observatory/arena-core";
import { z } from "zod";
import type { AdsQueryInput, CommercialQueryInput } from "../adlib/adlib-query.js";
import { parseAdsQuery, parseAdvertiserTerms, parseCommercialQuery } from "../adlib/adlib-query.js";
import {
  AD_DETAIL,
  ADS_ENDPOINT,
  ADVERTISERS_ENDPOINT,
  COMMERCIAL_ENDPOINT,
} from "../adlib/adlib-streams.js";
import { serializeApiJson } from "../http/lossless-json.js";
import { PRODUCTS_ENDPOINT, REVIEWS_ENDPOINT, SHOPS_ENDPOINT } from "../shop/shop-streams.js";
import { parseIds } from "../streams/targets.js";
import { type ExtraEndpoint, extraRequestBody } from "./extra-pages.js";

/** The first request of one target, exactly as the collector sends it. */
export interface PlannedExtraRequest {
  /** The path under /v2/research/. */
  endpoint: string;
  /** The `fields` query parameter. */
  fields: readonly string[];
  /** The target: "query", a term, an ID or a shop name. */
  target: string;
  /** The body as the collector serialises it (int64 IDs are `JsonInt64`; `serializeApiJson` writes them bare). */
  body: Record<string, unknown>;
  /** The body as the text sent (int64 IDs bare, never through a JS number): what a dry run prints. */
  bodyJson: string;
  /** How further pages follow: "search_id", "page_start" or "none" (one request). */
  next: "search_id" | "page_start" | "none";
}

export type PlannedExtraInput =
  | { kind: "ads"; query: AdsQueryInput }
  | { kind: "commercial"; query: CommercialQueryInput }
  | { kind: "ad-detail"; ids: readonly string[] }
  | { kind: "advertisers"; terms: readonly string[] }
  | { kind: "shops"; names: readonly string[] }
  | { kind: "products"; shopIds: readonly string[] }
  | { kind: "reviews"; productIds: readonly string[] };

function plan<Q>(endpoint: ExtraEndpoint<Q>, target: string, query: Q, limit?: number): PlannedExtraRequest {
  const count = Math.min(endpoint.maxCount, limit ?? endpoint.maxCount);
  const body = extraRequestBody(endpoint, query, {}, count);
  return {
    endpoint: endpoint.path,
    fields: endpoint.fields,
    target,
    body,
    bodyJson: serializeApiJson(body),
    next: endpoint.cursor === "page" ? "page_start" : endpoint.cursor,
  };
}

/**
 * The first request of every target of an ad library or TikTok Shop collection, without sending
 * anything (for a dry run). How many pages follow is known only from the answers (`has_more`, a short
 * page): `next` says how they would be asked for. Bad input throws the collector's `ConfigError`.
 */
export function planExtraRequests(input: PlannedExtraInput): PlannedExtraRequest[] {
  switch (input.kind) {
    case "ads": {
      const q = parseAdsQuery(input.query);
      return [plan(ADS_ENDPOINT, "query", q, q.maxResults)];
    }
    case "commercial": {
      const q = parseCommercialQuery(input.query);
      return [plan(COMMERCIAL_ENDPOINT, "query", q, q.maxResults)];
    }
    case "ad-detail":
      return parseIds(input.ids, "adIds").map((id) => plan(AD_DETAIL, id, id));
    case "advertisers":
      return parseAdvertiserTerms(input.terms).map((term) => plan(ADVERTISERS_ENDPOINT, term, term));
    case "shops": {
      const names = parseInput(
        z.object({ names: z.array(z.string().trim().min(1)).min(1) }),
        input,
        "shop names",
      ).names;
      return names.map((name) => plan(SHOPS_ENDPOINT, name, name));
    }
    case "products":
      return parseIds(input.shopIds, "shopIds").map((id) => plan(PRODUCTS_ENDPOINT, id, id));
    case "reviews":
      return parseIds(input.productIds, "productIds").map((id) => plan(REVIEWS_ENDPOINT, id, id));
  }
}
