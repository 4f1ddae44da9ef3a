import type { Command } from "commander";
import type { Action } from "../program/build-program.js";
import { collectList, positiveInt } from "../program/parsers.js";
import type { AdlibRangeFlags, CommerceTargetFlags } from "./commerce-flags.js";

type Run = <F>(load: () => Promise<Action<F>>) => (...params: unknown[]) => Promise<void>;

const RANGE_HELP = {
  since: "first day, UTC, inclusive (YYYY-MM-DD, not before 2022-10-01)",
  until: "last day, UTC, inclusive (YYYY-MM-DD)",
};

/**
 * The commands of the endpoints added after the nine classic ones: the Commercial Content API (`ads`,
 * `advertisers`, `commercial`), TikTok Shop (`shops`, `products`, `reviews`) and batch compliance
 * (`compliance-check`). Collecting commands take the same output and run options as `comments`.
 */
export function addCommerceCommands(tiktok: Command, run: Run, runOptions: (cmd: Command) => Command): void {
  const ads = tiktok
    .command("ads")
    .description("TikTok's ad library (Commercial Content API, scope research.adlib.basic)");

  runOptions(ads.command("search"))
    .requiredOption("--since <date>", RANGE_HELP.since)
    .requiredOption("--until <date>", RANGE_HELP.until)
    .option("--country <code>", "where the ads ran (two letters, or ALL: the default)")
    .option(
      "--advertiser <id>",
      "an advertiser's business ID; repeatable (ignored by TikTok with --term)",
      collectList,
    )
    .option("--term <text>", "search the ads for this text (at most 50 characters)")
    .option("--fuzzy", "with --term: any or all of its words, in any order (default: the exact phrase)")
    .option("--max <n>", "stop after this many ads", positiveInt)
    .description("collect the ads published in a date range (50 a request, search_id paging)")
    .addHelpText(
      "after",
      "\nExample:\n  $ observatory tiktok ads search --since 2026-09-01 --until 2026-09-30 --country DK --out ads.jsonl",
    )
    .action(run<AdlibRangeFlags>(async () => (await import("./ads-action.js")).adsSearchAction));

  runOptions(ads.command("detail"))
    .argument("<ids...>", "ad IDs")
    .description("fetch every detail of ads (title, call to action, targeting)")
    .action(run<CommerceTargetFlags>(async () => (await import("./ads-action.js")).adsDetailAction));

  ads
    .command("report")
    .requiredOption("--since <date>", RANGE_HELP.since)
    .requiredOption("--until <date>", RANGE_HELP.until)
    .option("--country <code>", "where the ads ran (two letters, or ALL: the default)")
    .option("--advertiser <id>", "an advertiser's business ID; repeatable", collectList)
    .description("print the count of ads published per country over time (one JSON object)")
    .action(run<AdlibRangeFlags>(async () => (await import("./ads-action.js")).adsReportAction));

  const catalogue = (
    name: "advertisers" | "shops" | "products" | "reviews",
    argument: string,
    text: string,
  ) =>
    runOptions(tiktok.command(name))
      .argument(argument)
      .option("--max <n>", "at most this many records per argument", positiveInt)
      .description(text)
      .action(
        run<CommerceTargetFlags>(async () => {
          const { catalogueAction } = await import("./catalogue-actions.js");
          return (ctx, flags, args) => catalogueAction(ctx, flags, args, name);
        }),
      );
  catalogue("advertisers", "<terms...>", "find advertisers of the ad library by name (at most 50 per term)");
  catalogue("shops", "<names...>", "fetch TikTok Shop shops by name (at most 10 per name; EU shops)");
  catalogue("products", "<shop-ids...>", "collect the products of TikTok Shop shops (pages of 10)");
  catalogue(
    "reviews",
    "<product-ids...>",
    "collect the reviews of TikTok Shop products (pages of 10; reviewers pseudonymised)",
  );

  runOptions(tiktok.command("commercial"))
    .requiredOption("--since <date>", RANGE_HELP.since)
    .requiredOption("--until <date>", RANGE_HELP.until)
    .option("--creator-country <code>", "the creators' country (an EEA country, or ALL: the default)")
    .option("--creator <name>", "a creator's username; repeatable", collectList)
    .option("--max <n>", "stop after this many records", positiveInt)
    .description("collect creators' paid partnerships (commercial content, EEA creators)")
    .action(run<AdlibRangeFlags>(async () => (await import("./catalogue-actions.js")).commercialAction));

  tiktok
    .command("compliance-check")
    .option("--in <file>", "IDs, one per line (with --category), or records written by this command")
    .option("--category <kind>", "video or comment (required for a file of bare IDs)")
    .description("submit IDs to TikTok's batch compliance API (10,000 per task) and print the tasks")
    .action(run(async () => (await import("./compliance-check-action.js")).complianceCheckAction));
}
