/**
 * Paging of the endpoints added after the nine classic ones (the Commercial Content API, TikTok Shop).
 * Three cursor kinds, never mixed with the classic ones of `list-pages.ts`:
 *
 * | cursor | endpoints | request | next page | end |
 * |---|---|---|---|---|
 * | search_id | adlib/ad/query, adlib/commercial_content/query | `search_id` of the previous answer | the answer's `search_id` | `has_more` false |
 * | page | tts/product, tts/review | `page_start` (from 1), `page_size` ≤ 10 | `page_start` + 1 | `has_more` false when sent, else a short page |
 * | none | tts/shop, adlib/advertiser/query, adlib/ad/detail | – | – | one request |
 *
 * A `search_id` page that says `has_more` but brings no items and no new `search_id`, or no `search_id`
 * at all, is an API fault (`cursor_stuck`), never an endless loop.
 */
import { createHash } from "node:crypto";
import type { PageCursor } from "@observatory/arena-core";
import { cursorStuck } from "../http/error-table.js";
import { serializeApiJson } from "../http/lossless-json.js";
import type { ResearchClient } from "../http/research-client.js";

export type ExtraCursor = "search_id" | "page" | "none";

export interface ExtraEndpoint<Q> {
  /** "ads", "shop products": for messages and checkpoints. */
  name: string;
  path: string;
  /** Every endpoint here is charged to the Research API's daily pool (no other pool is documented). */
  pool: "research";
  cursor: ExtraCursor;
  /** Where the items sit in `data`; the first key present wins. */
  listKeys: readonly string[];
  fields: readonly string[];
  /** max_count (search_id, none) or page_size (page) at most. */
  maxCount: number;
  /** The body for a query, without the cursor: `count` is max_count / page_size / limit to send. */
  body: (query: Q, count: number) => Record<string, unknown>;
  /** `data` is one item (ad detail's `{ ad, advertiser, ad_group }`), present when `listKeys[0]` is. */
  single?: true;
}

export interface ExtraPage {
  items: unknown[];
  data: Record<string, unknown>;
  next: PageCursor;
  done: boolean;
  /** The cursor this page was asked for ("" for the first). */
  requested: string;
  fingerprint: string;
  logId?: string;
  fault?: Error;
}

export interface ExtraPageInput<Q> {
  client: ResearchClient;
  endpoint: ExtraEndpoint<Q>;
  query: Q;
  cursor: PageCursor;
  /** Items still wanted: the page size is clamped to it. */
  limit?: number;
  signal?: AbortSignal;
  describe: string;
}

/** The request body of one page; exported for tests and dry runs. */
export function extraRequestBody<Q>(
  endpoint: ExtraEndpoint<Q>,
  query: Q,
  cursor: PageCursor,
  count: number,
): Record<string, unknown> {
  const base = endpoint.body(query, count);
  if (endpoint.cursor === "search_id")
    return { ...base, ...(cursor.searchId ? { search_id: cursor.searchId } : {}) };
  if (endpoint.cursor === "page") return { ...base, page_start: pageOf(cursor), page_size: count };
  return base;
}

const pageOf = (cursor: PageCursor) => (cursor.cursor === undefined ? 1 : Number(cursor.cursor));

/** One page, or undefined when the limit is reached and nothing is to be asked. */
export async function fetchExtraPage<Q>(input: ExtraPageInput<Q>): Promise<ExtraPage | undefined> {
  const { endpoint, cursor } = input;
  const count = Math.min(endpoint.maxCount, input.limit ?? endpoint.maxCount);
  if (count <= 0) return undefined;
  const body = extraRequestBody(endpoint, input.query, cursor, count);
  const fingerprint = createHash("sha256").update(serializeApiJson(body)).digest("hex").slice(0, 16);
  const requested = endpoint.cursor === "page" ? String(pageOf(cursor)) : (cursor.searchId ?? "");
  const result = await input.client.call(endpoint.path, body, {
    pool: endpoint.pool,
    fields: endpoint.fields,
    ...(input.signal ? { signal: input.signal } : {}),
    parse: (data) => readList(endpoint, data),
    countRecords: (page: ReadList) => page.items.length,
    describe: `${input.describe}${requested ? ` at ${endpoint.cursor === "page" ? "page" : "search_id"} ${requested}` : ""}`,
  });
  const { items, data } = result.value;
  const page: ExtraPage = {
    items,
    data,
    next: {},
    done: true,
    requested,
    fingerprint,
    ...(result.logId ? { logId: result.logId } : {}),
  };
  if (endpoint.cursor === "page") {
    const hasMore = typeof data.has_more === "boolean" ? data.has_more : items.length >= count;
    return { ...page, next: { cursor: String(pageOf(cursor) + 1) }, done: !hasMore || items.length === 0 };
  }
  if (endpoint.cursor === "search_id") {
    const hasMore = data.has_more === true;
    const searchId =
      data.search_id === undefined || data.search_id === null ? undefined : String(data.search_id);
    if (!hasMore) return { ...page, next: searchId ? { searchId } : cursor, done: true };
    const stuck =
      searchId === undefined
        ? "no search_id"
        : items.length === 0 && searchId === cursor.searchId
          ? `no items and the same search_id ${searchId}`
          : undefined;
    if (stuck) {
      const fault = cursorStuck(
        `${input.describe}: the API answered has_more with ${stuck}; stopping instead of looping`,
        null,
      );
      return { ...page, next: cursor, done: false, fault };
    }
    return { ...page, next: { searchId }, done: false };
  }
  return page;
}

interface ReadList {
  items: unknown[];
  data: Record<string, unknown>;
}

function readList(endpoint: Pick<ExtraEndpoint<never>, "listKeys" | "single">, data: unknown): ReadList {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new TypeError("data is not an object");
  const record = data as Record<string, unknown>;
  const key = endpoint.listKeys.find((k) => record[k] !== undefined && record[k] !== null);
  if (key === undefined) return { items: [], data: record };
  const list = record[key];
  const items = endpoint.single ? [record] : Array.isArray(list) ? list : undefined;
  if (!items) throw new TypeError(`${key} is not a list`);
  return { items, data: record };
}
