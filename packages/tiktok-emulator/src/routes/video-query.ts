import { queryKey } from "../corpus/corpus.js";
import type { CorpusVideo } from "../corpus/types.js";
import { VIDEO_FIELDS } from "../fields.js";
import { internalError, invalidParams } from "../http/api-error.js";
import { JsonBytes } from "../json/json-bytes.js";
import type { JsonValue } from "../json/lossless.js";
import { resolveDateRange } from "../query/date-range.js";
import type { SearchEntry } from "../search-cache.js";
import { BroadWindowTimeout } from "./broad-window-timeout.js";
import {
  INVALID_CURSOR,
  intParam,
  maxCountParam,
  type Route,
  type RouteContext,
  type RouteResult,
} from "./route.js";

const MAX_CURSOR = 1_000_000_000;

function searchIdParam(raw: JsonValue | undefined): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "bigint")
    return String(raw).trim();
  throw invalidParams("Invalid search_id");
}

function page(
  ctx: RouteContext,
  videos: readonly CorpusVideo[],
  cursor: number,
  hasMore: boolean,
  searchId: string,
) {
  const out = new JsonBytes().text('{"videos":');
  ctx.videos.renderList(ctx.videos.plan(ctx.fields), videos, ctx.nowSeconds, out);
  return out.text(`,"cursor":${cursor},"has_more":${hasMore},"search_id":${JSON.stringify(searchId)}}`);
}

/** is_random: up to max_count random live matches, no paging. */
function randomSample(ctx: RouteContext, indices: readonly number[], maxCount: number): RouteResult {
  const live = indices.filter((i) => !ctx.corpus.videoAt(i).deleted);
  const k = Math.min(maxCount, live.length);
  for (let i = 0; i < k; i++) {
    const j = i + ctx.sampling.int(live.length - i);
    [live[i], live[j]] = [live[j] as number, live[i] as number];
  }
  const chosen = live.slice(0, k);
  const searchId = ctx.searches.create(chosen);
  const videos = chosen.map((i) => ctx.corpus.videoAt(i));
  return { data: page(ctx, videos, k, false, searchId), records: k };
}

/**
 * `POST /v2/research/video/query/`: a query over a ≤ 30-day window, paged by an index cursor over a
 * result set cached under search_id. Deleted videos are paged over and then dropped from the page,
 * so pages come back short while has_more stays true.
 */
export const videoQueryRoute: Route = {
  name: "video/query",
  pool: "research",
  fields: { allowed: VIDEO_FIELDS, required: true },
  handle(ctx) {
    const b = ctx.body;
    const maxCount = maxCountParam(b.max_count, 20, 100);
    const cursor = intParam(b.cursor, 0, 0, MAX_CURSOR, INVALID_CURSOR);
    const key = queryKey(b.query);
    ctx.corpus.predicateFor(b.query, key);
    const range = resolveDateRange(b.start_date, b.end_date, ctx.corpus.settings.endDateInclusive);
    if (ctx.faults.persistentError(range.startSeconds, range.endSeconds)) {
      throw internalError("Server Internal Error");
    }
    if (ctx.faults.roll("silentZero", ctx.faults.config.silentZeroRate)) {
      // A silent zero: a well-formed, empty, final page, whatever matched.
      return { data: page(ctx, [], 0, false, ctx.searches.create([])), records: 0 };
    }
    if (b.is_random === true || b.is_random === "true") {
      return randomSample(ctx, ctx.corpus.matchIndicesCached(b.query, range, ctx.nowSeconds, key), maxCount);
    }
    const requestedId = searchIdParam(b.search_id);
    let searchId: string;
    let entry: SearchEntry | undefined;
    if (requestedId !== undefined) {
      const invalid = `Search Id ${requestedId} is invalid or expired`;
      if (ctx.faults.roll("searchIdInvalid", ctx.faults.config.searchIdInvalidRate))
        throw invalidParams(invalid);
      entry = ctx.searches.get(requestedId);
      if (!entry) throw invalidParams(invalid);
      searchId = requestedId;
    } else {
      const indices = ctx.corpus.matchIndicesCached(b.query, range, ctx.nowSeconds, key);
      searchId = ctx.searches.create(indices);
      entry = ctx.searches.get(searchId) as SearchEntry;
    }
    if (cursor > 0 && ctx.faults.roll("invalidCursor", ctx.faults.config.invalidCursorRate)) {
      throw invalidParams(INVALID_CURSOR);
    }
    const total = entry.indices.length;
    const broad = ctx.faults.broadWindow(total, (range.endSeconds - range.startSeconds) / 86_400);
    if (broad?.status === 500) throw internalError("Server Internal Error");
    if (broad?.status === 504) throw new BroadWindowTimeout(broad.delayMs);
    if (cursor > total) throw invalidParams(INVALID_CURSOR);
    const end = Math.min(total, cursor + maxCount);
    const hasMore = end < total;
    // An injected empty page skips its slice: the cursor advances past videos never shown, and those
    // videos are deleted from then on, so the ground truth and every later crawl agree.
    const empty = hasMore && ctx.faults.roll("emptyPage", ctx.faults.config.emptyPageRate);
    const videos: CorpusVideo[] = [];
    for (let i = cursor; i < end; i++) {
      const index = entry.indices[i] as number;
      if (empty) {
        const hidden = ctx.corpus.deleteVideo(index);
        if (hidden !== undefined) ctx.faults.hiddenVideoIds.push(hidden);
        continue;
      }
      const v = ctx.corpus.videoAt(index);
      if (!v.deleted) videos.push(v);
    }
    if (ctx.faults.roll("searchIdChange", ctx.faults.config.searchIdChangeRate)) {
      searchId = ctx.searches.alias(entry);
    }
    return { data: page(ctx, videos, end, hasMore, searchId), records: videos.length };
  },
};
