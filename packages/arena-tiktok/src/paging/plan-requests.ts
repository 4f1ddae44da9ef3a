import {
  type ActorsQueryInput,
  actorsQuerySchema,
  dateWindows,
  formatWindow,
  parseInput,
  type TermsQueryInput,
} from "@observatory/arena-core";
import { USER_INFO_ENDPOINT, USER_INFO_FIELDS } from "../endpoints/user-info.js";
import { VIDEO_FIELDS, VIDEO_QUERY_ENDPOINT } from "../endpoints/video-query.js";
import { serializeApiJson } from "../http/lossless-json.js";
import { actorsToVideoQueries } from "../query/terms-query.js";
import { type QueryCollectionInput, queryCollectionSchema } from "../run/query-run.js";
import { parseIds, parseUsernames } from "../streams/targets.js";
import { lookupBatches, lookupQuery } from "../streams/video-lookup-stream.js";
import { LIST_ENDPOINTS, type ListEndpointName, listRequestBody } from "./list-pages.js";
import { planVideoRequests } from "./plan-video-requests.js";
import { videoQueryBody } from "./video-pages.js";

/**
 * A request a collection would send first for one partition, as text: for a dry run (`--dry-run`) and
 * for checking a query before spending quota. Paging may add requests after each.
 */
export interface PlannedApiRequest {
  /** Path under /v2/research/, e.g. "video/query/". */
  endpoint: string;
  /** The `fields` query parameter (comma-separated), when the endpoint takes one. */
  fields?: string;
  /** The partition (and window), or the target, the request opens. */
  partition: string;
  /** The JSON body exactly as it would be sent (64-bit IDs as bare integers where the API wants them). */
  body: string;
}

export interface PlanOptions {
  /** The collector's windowDays (default 7). */
  windowDays?: number;
  /** Records per page (default 100). */
  maxCount?: number;
  /** The collector's dateGuard (default true). */
  dateGuard?: boolean;
  isRandom?: boolean;
}

const videoFields = VIDEO_FIELDS.join(",");

/** collectByTerms: the first request of every partition × window. */
export function planTermsRequests(input: TermsQueryInput, options: PlanOptions = {}): PlannedApiRequest[] {
  return planVideoRequests(input, options).map((p) => ({
    endpoint: VIDEO_QUERY_ENDPOINT,
    fields: videoFields,
    partition: `${p.label} ${formatWindow(p)}`,
    body: JSON.stringify(options.isRandom ? { ...p.body, is_random: true } : p.body),
  }));
}

/** collectByQuery: the first request of every query × window. */
export function planQueryRequests(
  input: QueryCollectionInput,
  options: PlanOptions = {},
): PlannedApiRequest[] {
  const q = parseInput(queryCollectionSchema, input, "query collection");
  const parts = q.queries.map((p) => ({ label: p.label, query: p.query }));
  return planWindows(parts, q.since, q.until, options);
}

/** collectByActors: one user-info request per actor, then the first request of every batch × window. */
export function planActorsRequests(
  input: ActorsQueryInput,
  options: PlanOptions & { actorsPerQuery?: number } = {},
): PlannedApiRequest[] {
  const q = parseInput(actorsQuerySchema, input, "actors query");
  const info = [...new Set(q.actors)].map((username) => ({
    endpoint: USER_INFO_ENDPOINT,
    fields: USER_INFO_FIELDS.join(","),
    partition: `user:${username}`,
    body: JSON.stringify({ username }),
  }));
  const parts = actorsToVideoQueries(q, options.actorsPerQuery ?? 20);
  return [...info, ...planWindows(parts, q.since, q.until, options)];
}

/** user/info/ for each name. */
export function planUserInfoRequests(usernames: readonly string[]): PlannedApiRequest[] {
  return parseUsernames(usernames).map((username) => ({
    endpoint: USER_INFO_ENDPOINT,
    fields: USER_INFO_FIELDS.join(","),
    partition: `user:${username}`,
    body: JSON.stringify({ username }),
  }));
}

/** A list endpoint (comments, followers, following, liked, pinned, reposted, playlist): the first page per target. */
export function planListRequests(
  list: ListEndpointName,
  targets: readonly string[],
  options: { limit?: number } = {},
): PlannedApiRequest[] {
  const endpoint = LIST_ENDPOINTS[list];
  const names =
    list === "comments" || list === "playlist" ? parseIds(targets, "targets") : parseUsernames(targets);
  const maxCount = Math.min(endpoint.maxCount, endpoint.cap ?? Infinity, options.limit ?? Infinity);
  return names.map((target) => ({
    endpoint: endpoint.path,
    ...(endpoint.fields ? { fields: endpoint.fields.join(",") } : {}),
    partition: `${list}:${target}`,
    body: serializeApiJson(listRequestBody(endpoint, target, undefined, maxCount)),
  }));
}

/** lookupVideos: one request per batch of up to 100 IDs (more only if the API pages a batch). */
export function planLookupRequests(ids: readonly string[], now = Date.now()): PlannedApiRequest[] {
  const batches = lookupBatches(parseIds(ids, "videoIds"), now);
  return batches.map((batch, i) => ({
    endpoint: VIDEO_QUERY_ENDPOINT,
    fields: videoFields,
    partition: `ids:${i + 1} (${batch.ids.length} IDs)`,
    body: JSON.stringify(
      videoQueryBody(
        {
          query: lookupQuery(batch),
          since: batch.since,
          until: batch.until,
          maxCount: 100,
          isRandom: false,
          dateGuard: false,
        },
        { cursor: 0 },
      ),
    ),
  }));
}

function planWindows(
  parts: readonly { label: string; query: Parameters<typeof videoQueryBody>[0]["query"] }[],
  since: Date,
  until: Date,
  { windowDays = 7, maxCount = 100, dateGuard = true, isRandom = false }: PlanOptions,
): PlannedApiRequest[] {
  const out: PlannedApiRequest[] = [];
  for (const part of parts) {
    for (const window of dateWindows(since, until, windowDays)) {
      const body = videoQueryBody(
        { query: part.query, ...window, maxCount, dateGuard, isRandom },
        { cursor: 0 },
      );
      out.push({
        endpoint: VIDEO_QUERY_ENDPOINT,
        fields: videoFields,
        partition: `${part.label} ${formatWindow(window)}`,
        body: JSON.stringify(body),
      });
    }
  }
  return out;
}
