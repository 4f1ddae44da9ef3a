import { type ContentRecord, contentHash, type Tier } from "@observatory/arena-core";
import type { ApiAdEntry, ApiAdvertiser, ApiCommercialContent } from "../endpoints/adlib.js";

export interface AdlibRecordContext {
  collectedAt: number;
  tier: Tier;
  /** A creator's handle as stored (pseudonym unless a public figure or keepAuthorHandles). */
  stored: (username: string) => { handle: string; pseudonymized: boolean; pseudonym: string };
  /** Where the record came from: endpoint, request fingerprint, search_id, log id. */
  metadata: Record<string, unknown>;
}

/** "20230102" → "2023-01-02T00:00:00.000Z"; null for anything else. */
export function apiDayToIso(day: string | null | undefined): string | null {
  if (!day || !/^\d{8}$/.test(day)) return null;
  const date = new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

const urls = (list: readonly { url?: string | null | undefined }[] | null | undefined) =>
  (list ?? []).map((v) => v.url).filter((u): u is string => typeof u === "string" && u.length > 0);

const base = (ctx: AdlibRecordContext) => ({
  platform: "tiktok",
  arena: "social_media",
  collected_at: new Date(ctx.collectedAt).toISOString(),
  language: null,
  views_count: null,
  likes_count: null,
  shares_count: null,
  comments_count: null,
  engagement_score: null,
  search_terms_matched: [] as string[],
  collection_tier: ctx.tier,
});

/**
 * An ad of TikTok's ad library → a UCR record, `content_type: "ad"`.
 *
 * - `platform_id`: the ad ID (exact string). `published_at`: `first_shown_date` (a day, UTC midnight).
 * - `title`/`text_content`: `ad.title` (ad detail only; ad query returns none) — null otherwise.
 * - The advertiser is an organisation the library publishes: `author_platform_id` is its business ID,
 *   `author_display_name` its business name (kept: they are not personal data), and
 *   `pseudonymized_author_id` is null.
 * - `media_urls`: the ad's video URLs, then its image URLs (signed: they expire).
 * - `raw_metadata`: `ad` (every field as returned), `advertiser`, `ad_group` (targeting, ad detail
 *   only), `last_shown_date`, `status`, `reach`, plus where it came from.
 */
export function normalizeAd(entry: ApiAdEntry, ctx: AdlibRecordContext): ContentRecord {
  const { ad } = entry;
  const advertiser: ApiAdvertiser = entry.advertiser ?? {};
  const title = ad.title ?? null;
  return {
    ...base(ctx),
    platform_id: ad.id,
    content_type: "ad",
    text_content: title,
    title,
    url: `https://library.tiktok.com/ads/detail/?ad_id=${ad.id}`,
    published_at: apiDayToIso(ad.first_shown_date),
    author_platform_id: advertiser.business_id ?? null,
    author_display_name: advertiser.business_name ?? null,
    pseudonymized_author_id: null,
    raw_metadata: {
      ...ctx.metadata,
      record_kind: "ad",
      status: ad.status ?? null,
      status_statement: ad.status_statement ?? null,
      first_shown_date: ad.first_shown_date ?? null,
      last_shown_date: ad.last_shown_date ?? null,
      reach: ad.reach ?? null,
      paid_for_by: advertiser.paid_for_by ?? null,
      ad,
      advertiser,
      ...(entry.ad_group ? { ad_group: entry.ad_group } : {}),
    },
    media_urls: [...urls(ad.videos), ...(ad.image_urls ?? [])],
    content_hash: contentHash(title ?? ""),
  };
}

/**
 * A commercial content item (a creator's paid partnership, EEA creators) → `content_type:
 * "commercial_content"`. The creator is a person: `pseudonymized_author_id` is the same HMAC as a
 * video's author; `author_platform_id` and `author_display_name` hold the handle only when it is kept
 * plain (a public figure, or keepAuthorHandles). `raw_metadata.brand_names` names the brands.
 */
export function normalizeCommercialContent(
  item: ApiCommercialContent,
  ctx: AdlibRecordContext,
): ContentRecord {
  const username = item.creator?.username ?? undefined;
  const creator = username ? ctx.stored(username) : undefined;
  const plain = creator !== undefined && !creator.pseudonymized;
  // A video URL names its creator (tiktok.com/@name/video/…): the handle leaves it unless kept plain.
  const hide = (url: string) => (plain ? url : url.replace(/\/@[^/]+\//, "/@/"));
  const { creator: _creator, videos, ...rest } = item;
  const videoList = (videos ?? []).map((v) => ({ ...v, ...(v.url ? { url: hide(v.url) } : {}) }));
  return {
    ...base(ctx),
    platform_id: item.id,
    content_type: "commercial_content",
    text_content: null,
    title: null,
    url: `https://www.tiktok.com/@${plain && username ? username : ""}/video/${item.id}`,
    published_at:
      typeof item.create_timestamp === "number" ? new Date(item.create_timestamp * 1000).toISOString() : null,
    author_platform_id: plain ? (username ?? null) : null,
    author_display_name: plain ? (username ?? null) : null,
    pseudonymized_author_id: creator?.pseudonym ?? null,
    raw_metadata: {
      ...ctx.metadata,
      record_kind: "commercial_content",
      brand_names: item.brand_names ?? [],
      author_pseudonymized: creator?.pseudonymized ?? null,
      commercial_content: { ...rest, videos: videoList },
    },
    media_urls: urls(videoList),
    content_hash: contentHash(""),
  };
}

/**
 * An advertiser of advertiser query → `content_type: "advertiser"`: `platform_id` the business ID,
 * `title` the business name, `raw_metadata.country_code`. No publication time (`published_at` null).
 */
export function normalizeAdvertiser(
  item: ApiAdvertiser & { business_id: string },
  ctx: AdlibRecordContext,
): ContentRecord {
  const name = item.business_name ?? null;
  return {
    ...base(ctx),
    platform_id: item.business_id,
    content_type: "advertiser",
    text_content: null,
    title: name,
    url: null,
    published_at: null,
    author_platform_id: item.business_id,
    author_display_name: name,
    pseudonymized_author_id: null,
    raw_metadata: {
      ...ctx.metadata,
      record_kind: "advertiser",
      country_code: item.country_code ?? null,
      advertiser: item,
    },
    media_urls: [],
    content_hash: contentHash(name ?? ""),
  };
}
