/**
 * The one place that knows the Research API's paging rules for video queries:
 *
 * - within a date window, `cursor` (an index) + `search_id` + `has_more`;
 * - a page shorter than `max_count`, even an empty one, with `has_more: true` is not the end
 *   (deleted and private videos are filtered after paging);
 * - `search_id` may change between pages: the newest one is kept;
 * - "Search Id … invalid or expired" / "Invalid count or cursor" are retried by the transport; if they
 *   persist, their verdict (`restart-search`) restarts the window once without a search_id (the
 *   de-duplication drops what was already yielded);
 * - a cursor that does not advance while `has_more` is true is an API fault, never an endless loop;
 * - `is_random` returns one sample page per window.
 */
import { createHash } from "node:crypto";
import { isArenaError } from "@observatory/arena-core";
import {
  VIDEO_QUERY_ENDPOINT,
  type VideoPage,
  type VideoQueryBody,
  videoPageSchema,
} from "../endpoints/video-query.js";
import { cursorStuck } from "../http/error-table.js";
import type { ResearchClient } from "../http/research-client.js";
import { lastApiDate, toApiDate } from "../query/api-date.js";
import { lt, type VideoQuery } from "../query/conditions.js";

export interface PagingState {
  cursor: number;
  searchId?: string;
}

export interface FetchedPage {
  videos: unknown[];
  requestedCursor: number;
  next: PagingState;
  hasMore: boolean;
  attempts: number;
  /** SHA-256 (16 hex) of the request body, to tell identical requests apart in the data. */
  fingerprint: string;
  logId?: string;
}

export interface VideoPagesInput {
  client: ResearchClient;
  query: VideoQuery;
  since: Date;
  until: Date;
  maxCount: number;
  fields: readonly string[];
  isRandom: boolean;
  /**
   * Bound the window by `create_date < until` in the query itself, so it is exact whether the API
   * reads end_date as inclusive or exclusive (the docs and clients disagree).
   */
  dateGuard: boolean;
  signal?: AbortSignal;
  describe: string;
}

/** What a request body depends on. */
export type VideoQueryBodyInput = Pick<
  VideoPagesInput,
  "query" | "since" | "until" | "maxCount" | "isRandom" | "dateGuard"
>;

export function videoQueryBody(input: VideoQueryBodyInput, state: PagingState): VideoQueryBody {
  const untilIsMidnight = input.until.getTime() % 86_400_000 === 0;
  const guard = input.dateGuard && untilIsMidnight;
  const query: VideoQuery = guard
    ? { ...input.query, and: [...(input.query.and ?? []), lt("create_date", toApiDate(input.until))] }
    : input.query;
  return {
    query,
    start_date: toApiDate(input.since),
    end_date: guard ? toApiDate(input.until) : lastApiDate(input.until),
    max_count: input.maxCount,
    ...(state.cursor > 0 ? { cursor: state.cursor } : {}),
    ...(state.searchId ? { search_id: state.searchId } : {}),
    ...(input.isRandom ? { is_random: true } : {}),
  };
}

/** One request of a video query: the page at `state`, its next state and whether more follow. */
export async function fetchVideoPage(input: VideoPagesInput, state: PagingState): Promise<FetchedPage> {
  const body = videoQueryBody(input, state);
  const fingerprint = createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 16);
  const result = await input.client.call(VIDEO_QUERY_ENDPOINT, body, {
    pool: "research",
    fields: input.fields,
    ...(input.signal ? { signal: input.signal } : {}),
    parse: (data) => videoPageSchema.parse(data),
    countRecords: (page: VideoPage) => page.videos.length,
    describe: `${input.describe} at cursor ${state.cursor}`,
  });
  const page = result.value;
  const hasMore = page.has_more && !input.isRandom;
  const nextCursor = page.cursor ?? state.cursor + page.videos.length;
  if (hasMore && nextCursor <= state.cursor) {
    throw cursorStuck(
      `${input.describe}: the API answered has_more with cursor ${nextCursor} after cursor ${state.cursor}; ` +
        "stopping instead of looping",
      state.cursor,
    );
  }
  const searchId = page.search_id ?? state.searchId;
  return {
    videos: page.videos,
    requestedCursor: state.cursor,
    next: { cursor: nextCursor, ...(searchId ? { searchId } : {}) },
    hasMore,
    attempts: result.attempts,
    fingerprint,
    ...(result.logId ? { logId: result.logId } : {}),
  };
}

/**
 * Every page of a query from its first, without checkpoints (the engagement refresh: a batch of IDs
 * is asked again whole). A `restart-search` failure restarts it once, as the engine does for runs.
 */
export async function* videoPages(input: VideoPagesInput): AsyncGenerator<FetchedPage> {
  let state: PagingState = { cursor: 0 };
  let restarted = false;
  for (;;) {
    let page: FetchedPage;
    try {
      page = await fetchVideoPage(input, state);
    } catch (error) {
      if (
        isArenaError(error) &&
        error.verdict === "restart-search" &&
        !restarted &&
        (state.cursor > 0 || state.searchId)
      ) {
        restarted = true;
        state = { cursor: 0 };
        continue;
      }
      throw error;
    }
    yield page;
    if (!page.hasMore) return;
    state = page.next;
  }
}
