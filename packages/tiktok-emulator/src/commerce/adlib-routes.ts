import { invalidParams } from "../http/api-error.js";
import { int64, toWire, type WireValue } from "../json/wire.js";
import { idParam, maxCountParam, type Route, type RouteContext } from "../routes/route.js";
import { EEA, type EmuAd, type EmuAdvertiser, type EmuCommercial } from "./commerce-corpus.js";
import {
  countryParam,
  dateRangeParam,
  decodeSearchId,
  encodeSearchId,
  keyOf,
  listParam,
  objectParam,
  searchTermParam,
} from "./commerce-params.js";

/** The Commercial Content API's field catalogues, as its spec pages list them. */
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
export const ADVERTISER_FIELDS = ["business_id", "business_name", "country_code"] as const;
export const COMMERCIAL_FIELDS = ["id", "create_timestamp", "brand_names", "creator", "videos"] as const;
export const AD_REPORT_FIELDS = ["count_time_series_by_country"] as const;

const pick = (fields: ReadonlySet<string>, prefix: string, all: Record<string, WireValue>) => {
  const out: Record<string, WireValue> = {};
  for (const [k, v] of Object.entries(all))
    if (fields.has(`${prefix}${k}`) || fields.has(prefix.slice(0, -1))) out[k] = v;
  return out;
};

function renderAd(ad: EmuAd, fields: ReadonlySet<string>, detail: boolean): Record<string, WireValue> {
  const out: Record<string, WireValue> = {
    ad: pick(fields, "ad.", {
      id: int64(ad.id),
      first_shown_date: Number(ad.firstShown),
      last_shown_date: Number(ad.lastShown),
      status: ad.status,
      status_statement: ad.status === "active" ? "" : "The ad is no longer shown",
      videos: [
        {
          url: `https://ads.example.org/v/${ad.id}.mp4`,
          cover_image_url: `https://ads.example.org/c/${ad.id}.jpg`,
        },
      ],
      image_urls: [],
      reach: {
        unique_users_seen: `${Math.round(ad.reach / 1000)}K`,
        unique_users_seen_by_country: Object.fromEntries(
          ad.countries.map((c) => [c, `${Math.round(ad.reach / 2000)}K`]),
        ),
      },
      ...(detail
        ? {
            title: ad.title,
            external_url: `https://shop.example.org/${ad.advertiser.businessId}`,
            download_url: "",
            call_to_action: "Shop now",
            advertising_objective: "Traffic",
          }
        : {}),
    }),
    advertiser: pick(fields, "advertiser.", renderAdvertiserOfAd(ad.advertiser, detail)),
  };
  if (detail && fields.has("ad_group.targeting_info")) {
    out.ad_group = {
      targeting_info: {
        country: [...ad.countries],
        age: { "18-24": true, "25-34": true },
        gender: { female: true, male: true },
      },
    };
  }
  return out;
}

function renderAdvertiserOfAd(a: EmuAdvertiser, detail: boolean): Record<string, WireValue> {
  return {
    business_id: int64(a.businessId),
    business_name: a.name,
    paid_for_by: a.name,
    ...(detail
      ? {
          follower_count: a.followerCount,
          avatar_url: `https://ads.example.org/a/${a.businessId}.jpg`,
          profile_url: `https://www.tiktok.com/@adv${a.businessId}`,
        }
      : {}),
  };
}

/** Pages of a filtered list by search_id; `key` identifies the query so a search_id of another is refused. */
function searchPage<T>(
  ctx: RouteContext,
  list: readonly T[],
  key: string,
  render: (item: T) => WireValue,
  listKey: string,
) {
  const maxCount = maxCountParam(ctx.body.max_count, 10, 50);
  const offset = decodeSearchId(ctx.body.search_id, key);
  const items = list.slice(offset, offset + maxCount);
  const next = offset + items.length;
  const hasMore = next < list.length;
  return {
    data: toWire({ [listKey]: items.map(render), has_more: hasMore, search_id: encodeSearchId(key, next) }),
    records: items.length,
  };
}

/** `POST /v2/research/adlib/ad/query/`: ads by publication range, country, advertisers or a search term. */
export const adQueryRoute: Route = {
  name: "adlib/ad/query",
  pool: "research",
  fields: { allowed: AD_QUERY_FIELDS, required: true },
  handle(ctx) {
    const filters = objectParam(ctx.body.filters, "filters", true);
    const range = dateRangeParam(filters.ad_published_date_range, "filters.ad_published_date_range");
    const country = countryParam(filters.country_code, "filters.country_code");
    const advertisers = listParam(filters.advertiser_business_ids, "filters.advertiser_business_ids");
    const term = searchTermParam(ctx.body.search_term, false);
    const type =
      ctx.body.search_type === undefined ? "exact_phrase" : String(ctx.body.search_type).toLowerCase();
    if (type !== "exact_phrase" && type !== "fuzzy_phrase")
      throw invalidParams(`Invalid search_type: "${type}"`);
    const words = term?.toLowerCase().split(/\s+/) ?? [];
    const list = ctx.commerce.data.ads.filter(
      (ad) =>
        ad.firstShown >= range.min &&
        ad.firstShown <= range.max &&
        (country === "ALL" || ad.countries.includes(country)) &&
        // "If you provide search_term, the advertiser_business_ids filter will be ignored."
        (term
          ? matches(ad, term, words, type)
          : !advertisers || advertisers.includes(ad.advertiser.businessId)),
    );
    const key = keyOf({ e: "ads", range, country, advertisers: term ? null : advertisers, term, type });
    return searchPage(ctx, list, key, (ad) => renderAd(ad, ctx.fields, false), "ads");
  },
};

function matches(ad: EmuAd, term: string, words: readonly string[], type: string): boolean {
  const text = `${ad.title} ${ad.advertiser.name}`.toLowerCase();
  return type === "exact_phrase" ? text.includes(term.toLowerCase()) : words.some((w) => text.includes(w));
}

/** `POST /v2/research/adlib/ad/detail/`: one ad with every detail field; an unknown ad is a 400. */
export const adDetailRoute: Route = {
  name: "adlib/ad/detail",
  pool: "research",
  fields: { allowed: AD_DETAIL_FIELDS, required: true },
  handle(ctx) {
    const id = idParam(ctx.body.ad_id, "ad_id");
    const ad = ctx.commerce.data.adsById.get(id);
    if (!ad) throw invalidParams(`Ad ${id} is invalid: cannot find the ad`);
    return { data: toWire(renderAd(ad, ctx.fields, true)), records: 1 };
  },
};

/** `POST /v2/research/adlib/ad/report/`: ads published per country and day over the range. */
export const adReportRoute: Route = {
  name: "adlib/ad/report",
  pool: "research",
  fields: { allowed: AD_REPORT_FIELDS, required: true },
  handle(ctx) {
    const filters = objectParam(ctx.body.filters, "filters", true);
    const range = dateRangeParam(filters.ad_published_date_range, "filters.ad_published_date_range");
    const country = countryParam(filters.country_code, "filters.country_code");
    const advertisers = listParam(filters.advertiser_business_ids, "filters.advertiser_business_ids");
    const series: Record<string, Record<string, number>> = {};
    for (const ad of ctx.commerce.data.ads) {
      if (ad.firstShown < range.min || ad.firstShown > range.max) continue;
      if (advertisers && !advertisers.includes(ad.advertiser.businessId)) continue;
      for (const c of ad.countries) {
        if (country !== "ALL" && c !== country) continue;
        const days = series[c] ?? {};
        series[c] = days;
        days[ad.firstShown] = (days[ad.firstShown] ?? 0) + 1;
      }
    }
    const out: Record<string, WireValue> = {};
    for (const [c, days] of Object.entries(series)) {
      out[c] = Object.entries(days)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([date, count]) => ({ date, count }));
    }
    return { data: toWire({ count_time_series_by_country: out }), records: 1 };
  },
};

/** `POST /v2/research/adlib/advertiser/query/`: advertisers whose name holds the term (no paging). */
export const advertiserQueryRoute: Route = {
  name: "adlib/advertiser/query",
  pool: "research",
  fields: { allowed: ADVERTISER_FIELDS, required: true },
  handle(ctx) {
    const term = searchTermParam(ctx.body.search_term, true) as string;
    const maxCount = maxCountParam(ctx.body.max_count, 10, 50);
    const found = ctx.commerce.data.advertisers
      .filter((a) => a.name.toLowerCase().includes(term.toLowerCase()))
      .slice(0, maxCount);
    const all = (a: EmuAdvertiser): Record<string, WireValue> => ({
      business_id: int64(a.businessId),
      business_name: a.name,
      country_code: a.country,
    });
    const render = (a: EmuAdvertiser) => {
      const out: Record<string, WireValue> = {};
      for (const [k, v] of Object.entries(all(a))) if (ctx.fields.has(k)) out[k] = v;
      return out;
    };
    return { data: toWire({ advertisers: found.map(render) }), records: found.length };
  },
};

/** `POST /v2/research/adlib/commercial_content/query/`: creators' paid partnerships (EEA creators only). */
export const commercialContentRoute: Route = {
  name: "adlib/commercial_content/query",
  pool: "research",
  fields: { allowed: COMMERCIAL_FIELDS, required: true },
  handle(ctx) {
    const filters = objectParam(ctx.body.filters, "filters", true);
    const range = dateRangeParam(
      filters.content_published_date_range,
      "filters.content_published_date_range",
    );
    const country = countryParam(filters.creator_country_code, "filters.creator_country_code");
    if (country !== "ALL" && !(EEA as readonly string[]).includes(country)) {
      throw invalidParams(
        `Invalid filters.creator_country_code: ${country} is not a supported (EEA) country`,
      );
    }
    const usernames = listParam(filters.creator_usernames, "filters.creator_usernames")?.map((u) =>
      u.toLowerCase(),
    );
    const list = ctx.commerce.data.commercial.filter(
      (c) =>
        c.day >= range.min &&
        c.day <= range.max &&
        (country === "ALL" || c.creatorCountry === country) &&
        (!usernames || usernames.includes(c.creator)),
    );
    const key = keyOf({ e: "commercial", range, country, usernames });
    const render = (c: EmuCommercial) => {
      const all: Record<string, WireValue> = {
        id: int64(c.id),
        create_timestamp: c.createTime,
        brand_names: [...c.brands],
        creator: { username: c.creator },
        videos: [{ url: `https://www.tiktok.com/@${c.creator}/video/${c.id}` }],
      };
      const out: Record<string, WireValue> = {};
      for (const f of COMMERCIAL_FIELDS) if (ctx.fields.has(f)) out[f] = all[f];
      return out;
    };
    return searchPage(ctx, list, key, render, "commercial_contents");
  },
};
