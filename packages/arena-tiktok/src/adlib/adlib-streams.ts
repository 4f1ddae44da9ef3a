import {
  type CollectOptions,
  type ContentRecord,
  fingerprint,
  type ReportingStream,
  reportingStream,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import {
  AD_DETAIL_ENDPOINT,
  AD_DETAIL_FIELDS,
  AD_QUERY_ENDPOINT,
  AD_QUERY_FIELDS,
  AD_REPORT_ENDPOINT,
  AD_REPORT_FIELDS,
  ADLIB_MAX_COUNT,
  ADVERTISER_FIELDS,
  ADVERTISER_QUERY_ENDPOINT,
  type AdReport,
  adReportSchema,
  apiAdEntrySchema,
  apiAdvertiserSchema,
  apiCommercialContentSchema,
  COMMERCIAL_CONTENT_ENDPOINT,
  COMMERCIAL_CONTENT_FIELDS,
} from "../endpoints/adlib.js";
import { JsonInt64 } from "../http/lossless-json.js";
import type { ExtraEndpoint, ExtraPage } from "../paging/extra-pages.js";
import { deriveRunId } from "../run/run-id.js";
import { runExtraCollection } from "../streams/extra-run.js";
import type { ListCollectOptions } from "../streams/list-options.js";
import { storedHandle } from "../streams/stored-handle.js";
import { parseIds, parseLimit } from "../streams/targets.js";
import {
  type AdReportQueryInput,
  type AdsQuery,
  type AdsQueryInput,
  type CommercialQuery,
  type CommercialQueryInput,
  parseAdReportQuery,
  parseAdsQuery,
  parseAdvertiserTerms,
  parseCommercialQuery,
} from "./adlib-query.js";
import {
  type AdlibRecordContext,
  normalizeAd,
  normalizeAdvertiser,
  normalizeCommercialContent,
} from "./adlib-records.js";

const int64 = (id: string) => new JsonInt64(id);

export const ADS_ENDPOINT: ExtraEndpoint<AdsQuery> = {
  name: "ads",
  path: AD_QUERY_ENDPOINT,
  pool: "research",
  cursor: "search_id",
  listKeys: ["ads"],
  fields: AD_QUERY_FIELDS,
  maxCount: ADLIB_MAX_COUNT,
  body: (q, count) => ({
    filters: {
      ad_published_date_range: { min: q.since, max: q.until },
      country_code: q.country,
      ...(q.advertiserIds ? { advertiser_business_ids: q.advertiserIds.map(int64) } : {}),
    },
    ...(q.searchTerm ? { search_term: q.searchTerm } : {}),
    ...(q.searchType ? { search_type: q.searchType } : {}),
    max_count: count,
  }),
};

export const COMMERCIAL_ENDPOINT: ExtraEndpoint<CommercialQuery> = {
  name: "commercial",
  path: COMMERCIAL_CONTENT_ENDPOINT,
  pool: "research",
  cursor: "search_id",
  listKeys: ["commercial_contents"],
  fields: COMMERCIAL_CONTENT_FIELDS,
  maxCount: ADLIB_MAX_COUNT,
  body: (q, count) => ({
    filters: {
      content_published_date_range: { min: q.since, max: q.until },
      creator_country_code: q.creatorCountry,
      ...(q.creatorUsernames ? { creator_usernames: q.creatorUsernames } : {}),
    },
    max_count: count,
  }),
};

export const ADVERTISERS_ENDPOINT: ExtraEndpoint<string> = {
  name: "advertisers",
  path: ADVERTISER_QUERY_ENDPOINT,
  pool: "research",
  cursor: "none",
  listKeys: ["advertisers"],
  fields: ADVERTISER_FIELDS,
  maxCount: ADLIB_MAX_COUNT,
  body: (term, count) => ({ search_term: term, max_count: count }),
};

export const AD_DETAIL: ExtraEndpoint<string> = {
  name: "ad-detail",
  path: AD_DETAIL_ENDPOINT,
  pool: "research",
  cursor: "none",
  listKeys: ["ad"],
  single: true,
  fields: AD_DETAIL_FIELDS,
  maxCount: 1,
  body: (id) => ({ ad_id: int64(id) }),
};

function recordContext(deps: TikTokDeps, endpoint: string, page: ExtraPage): AdlibRecordContext {
  return {
    collectedAt: deps.clock.now(),
    tier: "free",
    stored: (username) => {
      const stored = storedHandle(deps, username);
      return { ...stored, pseudonym: deps.pseudonymize("tiktok", username).id };
    },
    metadata: {
      source_endpoint: endpoint,
      request_fingerprint: page.fingerprint,
      ...(page.requested ? { page_cursor: page.requested } : {}),
      ...(page.data.search_id ? { search_id: String(page.data.search_id) } : {}),
      ...(page.logId ? { log_id: page.logId } : {}),
    },
  };
}

/** Ads of the ad library matching a query (search_id paging, at most 50 a page), as `content_type: "ad"`. */
export function adStream(
  deps: TikTokDeps,
  input: AdsQueryInput,
  options: CollectOptions = {},
): ReportingStream<ContentRecord> {
  return reportingStream(async function* (report) {
    const query = parseAdsQuery(input);
    const { maxResults, ...request } = query;
    yield* runExtraCollection(
      deps,
      {
        kind: "ads",
        runId: options.runId ?? deriveRunId("ads", request),
        fingerprint: fingerprint(request),
        endpoint: ADS_ENDPOINT,
        targets: [{ label: "query", query }],
        ...(maxResults === undefined ? {} : { limit: maxResults }),
        options,
        describe: () =>
          `ad query ${query.since}..${query.until}${query.searchTerm ? ` "${query.searchTerm}"` : ""}`,
        map: (item, page) => {
          const parsed = apiAdEntrySchema.safeParse(item);
          if (!parsed.success) return undefined;
          const record = normalizeAd(parsed.data, recordContext(deps, AD_QUERY_ENDPOINT, page));
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
      },
      report,
    );
  });
}

/** ad/detail/ for each ad ID (every detail field: targeting, call to action…); unknown ads are outcomes. */
export function adDetailStream(
  deps: TikTokDeps,
  adIds: string | readonly string[],
  options: CollectOptions = {},
): ReportingStream<ContentRecord> {
  return reportingStream(async function* (report) {
    const ids = parseIds(adIds, "adIds");
    yield* runExtraCollection(
      deps,
      {
        kind: "ad-detail",
        runId: options.runId ?? deriveRunId("ad-detail", { ids }),
        fingerprint: fingerprint({ ids }),
        endpoint: AD_DETAIL,
        targets: ids.map((id) => ({ label: id, query: id })),
        options,
        describe: (id) => `ad detail of ${id}`,
        map: (item, page) => {
          const parsed = apiAdEntrySchema.safeParse(item);
          if (!parsed.success) return undefined;
          const record = normalizeAd(parsed.data, recordContext(deps, AD_DETAIL_ENDPOINT, page));
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
      },
      report,
    );
  });
}

/** Commercial content (creators' paid partnerships) matching a query, as `content_type: "commercial_content"`. */
export function commercialContentStream(
  deps: TikTokDeps,
  input: CommercialQueryInput,
  options: CollectOptions = {},
): ReportingStream<ContentRecord> {
  return reportingStream(async function* (report) {
    const query = parseCommercialQuery(input);
    const { maxResults, ...request } = query;
    yield* runExtraCollection(
      deps,
      {
        kind: "commercial",
        runId: options.runId ?? deriveRunId("commercial", request),
        fingerprint: fingerprint(request),
        endpoint: COMMERCIAL_ENDPOINT,
        targets: [{ label: "query", query }],
        ...(maxResults === undefined ? {} : { limit: maxResults }),
        options,
        describe: () => `commercial content query ${query.since}..${query.until}`,
        map: (item, page) => {
          const parsed = apiCommercialContentSchema.safeParse(item);
          if (!parsed.success) return undefined;
          const record = normalizeCommercialContent(
            parsed.data,
            recordContext(deps, COMMERCIAL_CONTENT_ENDPOINT, page),
          );
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
      },
      report,
    );
  });
}

/** Advertisers whose name matches each search term (one request each, at most 50), as `content_type: "advertiser"`. */
export function advertiserStream(
  deps: TikTokDeps,
  terms: string | readonly string[],
  options: ListCollectOptions = {},
): ReportingStream<ContentRecord> {
  return reportingStream(async function* (report) {
    const list = [...new Set(parseAdvertiserTerms(typeof terms === "string" ? [terms] : terms))];
    const limit = parseLimit(options.maxResults, "maxResults");
    yield* runExtraCollection(
      deps,
      {
        kind: "advertisers",
        runId: options.runId ?? deriveRunId("advertisers", { terms: list, limit: limit ?? null }),
        fingerprint: fingerprint({ terms: list, limit: limit ?? null }),
        endpoint: ADVERTISERS_ENDPOINT,
        targets: list.map((term) => ({ label: term, query: term })),
        ...(limit === undefined ? {} : { limit }),
        options,
        describe: (term) => `advertiser query "${term}"`,
        map: (item, page) => {
          const parsed = apiAdvertiserSchema.safeParse(item);
          if (!parsed.success || !parsed.data.business_id) return undefined;
          const record = normalizeAdvertiser(
            { ...parsed.data, business_id: parsed.data.business_id },
            recordContext(deps, ADVERTISER_QUERY_ENDPOINT, page),
          );
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
      },
      report,
    );
  });
}

/** What ad/report/ answered: the report as documented, with the request that produced it. */
export interface AdReportResult {
  report: AdReport;
  request: Record<string, unknown>;
  logId?: string;
  collectedAt: string;
}

/** ad/report/: the count of ads published per country over time (one request; not records). */
export async function fetchAdReport(
  deps: TikTokDeps,
  input: AdReportQueryInput,
  options: { signal?: AbortSignal } = {},
): Promise<AdReportResult> {
  const q = parseAdReportQuery(input);
  const body = {
    filters: {
      ad_published_date_range: { min: q.since, max: q.until },
      country_code: q.country,
      ...(q.advertiserIds ? { advertiser_business_ids: q.advertiserIds.map(int64) } : {}),
    },
  };
  const result = await deps.client.call(AD_REPORT_ENDPOINT, body, {
    pool: "research",
    fields: AD_REPORT_FIELDS,
    ...(options.signal ? { signal: options.signal } : {}),
    parse: (data) => adReportSchema.parse(data ?? {}),
    describe: `ad report ${q.since}..${q.until}`,
  });
  return {
    report: result.value,
    request: { since: q.since, until: q.until, country: q.country, advertiserIds: q.advertiserIds ?? [] },
    ...(result.logId ? { logId: result.logId } : {}),
    collectedAt: new Date(deps.clock.now()).toISOString(),
  };
}
