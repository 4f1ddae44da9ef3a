import { deriveRunId, type PlannedExtraInput, type TikTokCollector } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import { UsageError } from "../usage-error.js";
import { runCommerceCollection } from "./commerce-collection.js";
import {
  type AdlibRangeFlags,
  type CommerceTargetFlags,
  countryFlag,
  idFlags,
  rangeFlags,
  termFlag,
} from "./commerce-flags.js";

type Kind = "advertisers" | "shops" | "products" | "reviews";

const TARGETS: Record<Kind, { what: string; example: string; ids: boolean }> = {
  advertisers: { what: "search term", example: "advertisers kaffe", ids: false },
  shops: { what: "shop name", example: 'shops "Free Soul"', ids: false },
  products: { what: "shop", example: "products 7495177166735509999", ids: true },
  reviews: { what: "product", example: "reviews 1729401755128991215", ids: true },
};

const streamOf = (kind: Kind, collector: TikTokCollector) =>
  ({
    advertisers: collector.advertisers.bind(collector),
    shops: collector.shops.bind(collector),
    products: collector.shopProducts.bind(collector),
    reviews: collector.productReviews.bind(collector),
  })[kind];

/** What `--dry-run` plans for each kind of target. */
function planInputOf(kind: Kind, targets: string[]): PlannedExtraInput {
  switch (kind) {
    case "advertisers":
      return { kind, terms: targets };
    case "shops":
      return { kind, names: targets };
    case "products":
      return { kind, shopIds: targets };
    case "reviews":
      return { kind, productIds: targets };
  }
}

/**
 * `observatory tiktok advertisers TERM…`, `shops NAME…`, `products SHOP_ID…`, `reviews PRODUCT_ID…`:
 * one target per argument, resumable, records to a file or stdout, each target's outcome in the summary.
 */
export async function catalogueAction(
  ctx: ActionContext,
  flags: CommerceTargetFlags,
  args: string[],
  kind: Kind,
): Promise<number> {
  const spec = TARGETS[kind];
  const targets = spec.ids
    ? idFlags(args, "<ids>", `a ${spec.what}`)
    : [
        ...new Set(
          args
            .map((a) => (kind === "advertisers" ? termFlag(a, "<terms>") : a.trim()))
            .filter((a): a is string => !!a),
        ),
      ];
  if (!targets.length)
    throw new UsageError(`give at least one ${spec.what}, e.g. ${spec.example}.`, "<args>");
  return runCommerceCollection(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId(kind, { targets, max: flags.max ?? null, ...target }),
    hasLanguage: kind === "products" || kind === "reviews",
    plan: planInputOf(kind, targets),
    stream: (collector, options) =>
      streamOf(kind, collector)(targets, {
        ...options,
        ...(flags.max === undefined ? {} : { maxResults: flags.max }),
      }),
  });
}

/** `observatory tiktok commercial`: creators' paid partnerships (EEA creators), as UCR records. */
export async function commercialAction(ctx: ActionContext, flags: AdlibRangeFlags): Promise<number> {
  const { since, until } = rangeFlags(flags);
  const creatorCountry = countryFlag(flags.creatorCountry, "--creator-country");
  const creators = (flags.creator ?? []).map((c) => c.trim().replace(/^@/, "")).filter(Boolean);
  for (const c of creators) {
    if (!/^[A-Za-z0-9._]{1,50}$/.test(c)) {
      throw new UsageError(
        `--creator ${JSON.stringify(c)} is not a username: letters, digits, '.' and '_'.`,
        "--creator",
      );
    }
  }
  const query = {
    since,
    until,
    ...(creatorCountry ? { creatorCountry } : {}),
    ...(creators.length ? { creatorUsernames: creators } : {}),
    ...(flags.max === undefined ? {} : { maxResults: flags.max }),
  };
  return runCommerceCollection(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId("commercial", { ...query, ...target }),
    plan: { kind: "commercial", query },
    stream: (collector, options) => collector.commercialContent(query, options),
  });
}
