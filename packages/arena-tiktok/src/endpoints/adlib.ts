import { z } from "zod";
import { countSchema, idSchema } from "./ids.js";

/**
 * The Commercial Content API (scope `research.adlib.basic`), as TikTok's spec pages
 * `commercial-content-api-{query-ads,get-ad-details,get-ad-report,query-advertisers,query-commercial-content}`
 * document it. Every path is under /v2/research/. Dates are `YYYYMMDD` strings; `min` must not be
 * before 2022-10-01. `max_count` defaults to 10 and is at most 50. Paging is by `search_id` + `has_more`.
 */
export const AD_QUERY_ENDPOINT = "adlib/ad/query/";
export const AD_DETAIL_ENDPOINT = "adlib/ad/detail/";
export const AD_REPORT_ENDPOINT = "adlib/ad/report/";
export const ADVERTISER_QUERY_ENDPOINT = "adlib/advertiser/query/";
export const COMMERCIAL_CONTENT_ENDPOINT = "adlib/commercial_content/query/";

export const ADLIB_MAX_COUNT = 50;
/** The first day the library holds ("min needs to be after October 1st, 2022"; the guide's example uses it). */
export const ADLIB_FIRST_DAY = "20221001";

/** The fields ad query documents. */
export const AD_QUERY_FIELDS = [
  "ad.id",
  "ad.first_shown_date",
  "ad.last_shown_date",
  "ad.status",
  "ad.status_statement",
  "ad.videos",
  "ad.image_urls",
  "ad.reach",
  "advertiser.business_id",
  "advertiser.business_name",
  "advertiser.paid_for_by",
] as const;

/** Ad detail documents more: title, links, call to action, objective, the advertiser's profile and targeting. */
export const AD_DETAIL_FIELDS = [
  ...AD_QUERY_FIELDS,
  "ad.title",
  "ad.external_url",
  "ad.download_url",
  "ad.call_to_action",
  "ad.advertising_objective",
  "advertiser.follower_count",
  "advertiser.avatar_url",
  "advertiser.profile_url",
  "ad_group.targeting_info",
] as const;

export const AD_REPORT_FIELDS = ["count_time_series_by_country"] as const;
export const ADVERTISER_FIELDS = ["business_id", "business_name", "country_code"] as const;
export const COMMERCIAL_CONTENT_FIELDS = [
  "id",
  "create_timestamp",
  "brand_names",
  "creator",
  "videos",
] as const;

/** `YYYYMMDD` as the API sends it: a number or a string of eight digits. */
const apiDay = z.union([z.number().int(), z.string().regex(/^\d{8}$/)]).transform(String);

/** An ad as query and detail return it (`ad`). Unknown fields are kept: they go to raw_metadata. */
export const apiAdSchema = z
  .object({
    id: idSchema,
    first_shown_date: apiDay.nullish(),
    last_shown_date: apiDay.nullish(),
    status: z.string().nullish(),
    status_statement: z.string().nullish(),
    videos: z
      .array(z.object({ url: z.string().nullish(), cover_image_url: z.string().nullish() }).loose())
      .nullish(),
    image_urls: z.array(z.string()).nullish(),
    reach: z.record(z.string(), z.unknown()).nullish(),
    title: z.string().nullish(),
    external_url: z.string().nullish(),
    call_to_action: z.string().nullish(),
  })
  .loose();
export type ApiAd = z.infer<typeof apiAdSchema>;

/** The advertiser of an ad, and an entry of advertiser query. */
export const apiAdvertiserSchema = z
  .object({
    business_id: idSchema.nullish(),
    business_name: z.string().nullish(),
    paid_for_by: z.string().nullish(),
    country_code: z.string().nullish(),
    follower_count: countSchema,
  })
  .loose();
export type ApiAdvertiser = z.infer<typeof apiAdvertiserSchema>;

/** One entry of ad query's `ads`: `{ ad, advertiser }`. */
export const apiAdEntrySchema = z
  .object({
    ad: apiAdSchema,
    advertiser: apiAdvertiserSchema.nullish(),
    ad_group: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type ApiAdEntry = z.infer<typeof apiAdEntrySchema>;

/** One commercial content item (content creators' paid partnerships, EEA creators only). */
export const apiCommercialContentSchema = z
  .object({
    id: idSchema,
    create_timestamp: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).nullish(),
    brand_names: z.array(z.string()).nullish(),
    creator: z.object({ username: z.string().nullish() }).loose().nullish(),
    videos: z.array(z.object({ url: z.string().nullish() }).loose()).nullish(),
  })
  .loose();
export type ApiCommercialContent = z.infer<typeof apiCommercialContentSchema>;

/** The page data of the search_id-paged adlib endpoints; items are validated one by one later. */
export const adlibPageSchema = z
  .object({
    has_more: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
    search_id: z.union([z.string(), z.number()]).transform(String).nullish(),
  })
  .loose();

/** ad report's data: the report object as documented (`count_time_series_by_country`), kept whole. */
export const adReportSchema = z
  .object({ count_time_series_by_country: z.record(z.string(), z.unknown()).nullish() })
  .loose();
export type AdReport = z.infer<typeof adReportSchema>;

/** ad detail's data: `{ ad, advertiser, ad_group }`. */
export const adDetailSchema = apiAdEntrySchema;
