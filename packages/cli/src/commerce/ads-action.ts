import { deriveRunId } from "@observatory/arena-tiktok";
import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import { openTikTok } from "../runtime/open-tiktok.js";
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

/** `observatory tiktok ads search`: ads of TikTok's ad library (Commercial Content API), as UCR records. */
export async function adsSearchAction(ctx: ActionContext, flags: AdlibRangeFlags): Promise<number> {
  const { since, until } = rangeFlags(flags);
  const country = countryFlag(flags.country, "--country");
  const advertiserIds = idFlags(flags.advertiser, "--advertiser", "an advertiser business");
  const searchTerm = termFlag(flags.term, "--term");
  if (flags.fuzzy && !searchTerm)
    throw new UsageError("--fuzzy needs --term: it sets how the term matches.", "--fuzzy");
  const query = {
    since,
    until,
    ...(country ? { country } : {}),
    ...(advertiserIds.length ? { advertiserIds } : {}),
    ...(searchTerm
      ? { searchTerm, searchType: flags.fuzzy ? ("fuzzy_phrase" as const) : ("exact_phrase" as const) }
      : {}),
    ...(flags.max === undefined ? {} : { maxResults: flags.max }),
  };
  return runCommerceCollection(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId("ads", { ...query, ...target }),
    plan: { kind: "ads", query },
    stream: (collector, options) => collector.ads(query, options),
  });
}

/** `observatory tiktok ads detail ID…`: every detail of each ad (targeting, call to action…). */
export async function adsDetailAction(
  ctx: ActionContext,
  flags: CommerceTargetFlags,
  args: string[],
): Promise<number> {
  const ids = idFlags(args, "<ids>", "an ad");
  if (!ids.length)
    throw new UsageError("give at least one ad ID, e.g. ads detail 1786543210987654.", "<ids>");
  return runCommerceCollection(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId("ad-detail", { ids, ...target }),
    plan: { kind: "ad-detail", ids },
    stream: (collector, options) => collector.adDetails(ids, options),
  });
}

/** `observatory tiktok ads report`: ads published per country over time, printed as one JSON object. */
export async function adsReportAction(ctx: ActionContext, flags: AdlibRangeFlags): Promise<number> {
  const { since, until } = rangeFlags(flags);
  const country = countryFlag(flags.country, "--country");
  const advertiserIds = idFlags(flags.advertiser, "--advertiser", "an advertiser business");
  const runtime = await openTikTok(ctx.io, flags);
  try {
    const result = await runtime.collector.adReport({
      since,
      until,
      ...(country ? { country } : {}),
      ...(advertiserIds.length ? { advertiserIds } : {}),
    });
    await writeAll(ctx.io.stdout, `${JSON.stringify(result)}\n`);
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}
