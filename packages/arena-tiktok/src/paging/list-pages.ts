/**
 * The one place that knows the paging rules of the Research API's list endpoints (video/query has
 * its own rules in `video-pages.ts`). Two cursor kinds exist and are never mixed:
 *
 * | endpoint | cursor | quota pool | list key | max_count | known limit |
 * |---|---|---|---|---|---|
 * | video/comment/list/ | index | research | comments | 100 | top 1,000 only: cursor + max_count ≤ 1,000 |
 * | user/reposted_videos/ | index | research | reposted_videos | 100 | visible for some users only |
 * | playlist/info/ | index | research | playlist_video_ids | 100 | – |
 * | user/liked_videos/ | timestamp | research | user_liked_videos | 100 | private by default |
 * | user/followers/ | timestamp | followers | user_followers | 100 | about 5,000 per account |
 * | user/following/ | timestamp | followers | user_following | 100 | – |
 * | user/pinned_videos/ | none | research | pinned_videos_list (or user_pinned_videos) | – | – |
 *
 * - **Index cursor**: the position of the next item. The first request sends none (0); the next cursor
 *   is the response's `cursor` (or the old cursor plus the items returned). With `has_more`, a cursor
 *   that does not advance is an API fault. A cap (comments) clamps `max_count` on the last page so no
 *   request asks beyond it, and paging stops when the cursor reaches the cap.
 * - **Timestamp cursor**: a Unix time; the API returns items "on or before" it, newest first. The first
 *   request sends none (the API reads "now"). Items at the boundary second may come again on the next
 *   page: the caller de-duplicates. With `has_more`, the next cursor must be strictly smaller than the
 *   one sent: one that does not decrease is an API fault, never an endless loop.
 * - **None**: one request, no paging.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { COMMENT_FIELDS, COMMENT_LIST_ENDPOINT } from "../endpoints/comments.js";
import { PLAYLIST_INFO_ENDPOINT } from "../endpoints/playlist.js";
import { FOLLOWERS_ENDPOINT, FOLLOWING_ENDPOINT } from "../endpoints/relations.js";
import {
  LIKED_VIDEOS_ENDPOINT,
  PINNED_VIDEO_FIELDS,
  PINNED_VIDEOS_ENDPOINT,
  REPOSTED_VIDEOS_ENDPOINT,
  USER_VIDEO_FIELDS,
} from "../endpoints/user-videos.js";
import { cursorStuck } from "../http/error-table.js";
import { JsonInt64, serializeApiJson } from "../http/lossless-json.js";
import type { ResearchClient } from "../http/research-client.js";

export type CursorKind = "index" | "timestamp" | "none";
export type ListEndpointName =
  | "comments"
  | "followers"
  | "following"
  | "liked"
  | "reposted"
  | "pinned"
  | "playlist";

export interface ListEndpoint {
  name: ListEndpointName;
  path: string;
  cursor: CursorKind;
  pool: "research" | "followers";
  /** Where the items sit in `data`; the first key present wins (the docs disagree for pinned videos). */
  listKeys: readonly string[];
  /** The `fields` query parameter; absent for followers/following (the spec has none). */
  fields?: readonly string[];
  maxCount: number;
  /** Index cursors only: the API serves items [0, cap) and rejects cursor + max_count > cap. */
  cap?: number;
  /** The request body's target: a username, or an int64 ID sent as a bare JSON integer. */
  target: (value: string) => Record<string, unknown>;
}

const byUsername = (username: string) => ({ username });

export const LIST_ENDPOINTS: Readonly<Record<ListEndpointName, ListEndpoint>> = {
  comments: {
    name: "comments",
    path: COMMENT_LIST_ENDPOINT,
    cursor: "index",
    pool: "research",
    listKeys: ["comments"],
    fields: COMMENT_FIELDS,
    maxCount: 100,
    cap: 1_000,
    target: (id) => ({ video_id: new JsonInt64(id) }),
  },
  reposted: {
    name: "reposted",
    path: REPOSTED_VIDEOS_ENDPOINT,
    cursor: "index",
    pool: "research",
    listKeys: ["reposted_videos"],
    fields: USER_VIDEO_FIELDS,
    maxCount: 100,
    target: byUsername,
  },
  playlist: {
    name: "playlist",
    path: PLAYLIST_INFO_ENDPOINT,
    cursor: "index",
    pool: "research",
    listKeys: ["playlist_video_ids"],
    maxCount: 100,
    target: (id) => ({ playlist_id: new JsonInt64(id) }),
  },
  liked: {
    name: "liked",
    path: LIKED_VIDEOS_ENDPOINT,
    cursor: "timestamp",
    pool: "research",
    listKeys: ["user_liked_videos"],
    fields: USER_VIDEO_FIELDS,
    maxCount: 100,
    target: byUsername,
  },
  followers: {
    name: "followers",
    path: FOLLOWERS_ENDPOINT,
    cursor: "timestamp",
    pool: "followers",
    listKeys: ["user_followers"],
    maxCount: 100,
    target: byUsername,
  },
  following: {
    name: "following",
    path: FOLLOWING_ENDPOINT,
    cursor: "timestamp",
    pool: "followers",
    listKeys: ["user_following"],
    maxCount: 100,
    target: byUsername,
  },
  pinned: {
    name: "pinned",
    path: PINNED_VIDEOS_ENDPOINT,
    cursor: "none",
    pool: "research",
    listKeys: ["pinned_videos_list", "user_pinned_videos"],
    fields: PINNED_VIDEO_FIELDS,
    maxCount: 100,
    target: byUsername,
  },
};

const cursorSchema = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullish();
const pageDataSchema = z
  .object({
    cursor: cursorSchema,
    has_more: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
  })
  .loose();

export interface ListPage {
  items: unknown[];
  /** The whole `data` object (playlist/info/ carries the playlist's name and size beside the ids). */
  data: Record<string, unknown>;
  /** The cursor this page was asked for (undefined: the first page; "now" for timestamp cursors). */
  requested: number | undefined;
  /** The cursor to resume from after this page. */
  next: number | undefined;
  hasMore: boolean;
  /** Paging reached the endpoint's cap (comments: the top 1,000); more may exist beyond it. */
  capped: boolean;
  attempts: number;
  fingerprint: string;
  logId?: string;
}

export interface ListPageInput {
  client: ResearchClient;
  endpoint: ListEndpoint;
  /** The username, video id or playlist id. */
  target: string;
  /** The cursor to ask for (undefined: the first page). */
  cursor: number | undefined;
  /** Items still wanted: `max_count` is clamped to it so no request fetches more than needed. */
  limit?: number;
  maxCount?: number;
  signal?: AbortSignal;
  describe: string;
}

/** Builds one request body; exported for tests and the estimate. */
export function listRequestBody(
  endpoint: ListEndpoint,
  target: string,
  cursor: number | undefined,
  maxCount: number,
): Record<string, unknown> {
  return {
    ...endpoint.target(target),
    ...(endpoint.cursor === "none" ? {} : { max_count: maxCount }),
    ...(cursor !== undefined && cursor > 0 ? { cursor } : {}),
  };
}

/**
 * One page of a target of a list endpoint (see the rules at the top of this file), or undefined when
 * nothing is left to ask (the cap or the limit is reached). A stuck cursor comes back as the page's
 * `fault`, after its items (they are valid data); its `next` then stays at the cursor sent, so a resume
 * asks for the same page again.
 */
export async function fetchListPage(
  input: ListPageInput,
): Promise<(ListPage & { fault?: Error }) | undefined> {
  const { endpoint, client, cursor } = input;
  const maxCount = clampMaxCount(input);
  if (maxCount <= 0) return undefined;
  const body = listRequestBody(endpoint, input.target, cursor, maxCount);
  const fingerprint = createHash("sha256").update(serializeApiJson(body)).digest("hex").slice(0, 16);
  const result = await client.call(endpoint.path, body, {
    pool: endpoint.pool,
    ...(endpoint.fields ? { fields: endpoint.fields } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    parse: (data) => parseListData(endpoint, data),
    countRecords: (page: ParsedList) => page.items.length,
    describe: `${input.describe}${cursor === undefined ? "" : ` at cursor ${cursor}`}`,
  });
  const { items, data, apiCursor, apiHasMore } = result.value;
  let fault: Error | undefined;
  let step: { next: number | undefined; hasMore: boolean; capped: boolean };
  try {
    step = nextCursor(endpoint, input.describe, cursor, apiCursor, apiHasMore, items.length);
  } catch (error) {
    fault = error as Error;
    step = { next: cursor, hasMore: true, capped: false };
  }
  return {
    items,
    data,
    requested: cursor,
    next: step.next,
    hasMore: step.hasMore,
    capped: step.capped,
    attempts: result.attempts,
    fingerprint,
    ...(result.logId ? { logId: result.logId } : {}),
    ...(fault ? { fault } : {}),
  };
}

function clampMaxCount(input: ListPageInput): number {
  const { endpoint } = input;
  let count = Math.min(input.maxCount ?? endpoint.maxCount, endpoint.maxCount);
  if (endpoint.cap !== undefined) count = Math.min(count, endpoint.cap - (input.cursor ?? 0));
  if (input.limit !== undefined) count = Math.min(count, input.limit);
  return count;
}

interface ParsedList {
  items: unknown[];
  data: Record<string, unknown>;
  apiCursor: number | undefined;
  apiHasMore: boolean;
}

function parseListData(endpoint: ListEndpoint, data: unknown): ParsedList {
  const page = pageDataSchema.parse(data);
  const key = endpoint.listKeys.find((k) => page[k] !== undefined && page[k] !== null);
  const list = key === undefined ? [] : page[key];
  if (!Array.isArray(list)) throw new TypeError(`${key} is not a list`);
  return {
    items: list,
    data: page,
    apiCursor: page.cursor ?? undefined,
    apiHasMore: endpoint.cursor !== "none" && page.has_more,
  };
}

function nextCursor(
  endpoint: ListEndpoint,
  describe: string,
  sent: number | undefined,
  received: number | undefined,
  hasMore: boolean,
  items: number,
): { next: number | undefined; hasMore: boolean; capped: boolean } {
  if (endpoint.cursor === "none") return { next: undefined, hasMore: false, capped: false };
  if (endpoint.cursor === "index") {
    const from = sent ?? 0;
    const next = received ?? from + items;
    if (hasMore && next <= from) throw stuck(describe, `cursor ${next} after cursor ${from}`, from);
    // At the cap nothing more can be asked for, whatever has_more says (the API may say false there).
    const capped = endpoint.cap !== undefined && next >= endpoint.cap;
    return { next, hasMore: hasMore && !capped, capped };
  }
  // Timestamp: "on or before" the cursor; the next one must be strictly earlier.
  if (!hasMore) return { next: received ?? sent, hasMore: false, capped: false };
  if (received === undefined) throw stuck(describe, "no cursor", sent);
  if (sent !== undefined && received >= sent) {
    throw stuck(describe, `timestamp cursor ${received} after ${sent} (it must decrease)`, sent);
  }
  return { next: received, hasMore: true, capped: false };
}

function stuck(describe: string, what: string, cursor: number | undefined): Error {
  return cursorStuck(
    `${describe}: the API answered has_more with ${what}; stopping instead of looping`,
    cursor ?? null,
  );
}
