import type { CostEstimate } from "@observatory/arena-core";
import type { TikTokCollector } from "@observatory/arena-tiktok";
import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import type { EstimateFlags } from "../program/flags.js";
import { alignRows, formatCount } from "../progress/format.js";
import { actorsQueryFromFlags, termsQueryFromFlags } from "../query/query-from-flags.js";
import { queryCollectionFromFlags, wantsRawQuery } from "../query/video-query-from-flags.js";
import { openTikTok } from "../runtime/open-tiktok.js";
import { UsageError } from "../usage-error.js";

/** `observatory tiktok estimate`: what a collection would cost, without collecting. */
export async function estimateAction(ctx: ActionContext, flags: EstimateFlags): Promise<number> {
  const byActors = (flags.actor?.length ?? 0) > 0;
  if (byActors && (flags.term?.length || flags.group?.length)) {
    throw new UsageError(
      "--actor cannot be combined with --term/--group: estimate one kind of collection at a time.",
      "--actor",
    );
  }
  if (byActors && wantsRawQuery(flags)) {
    throw new UsageError(
      "--actor cannot be combined with condition flags or --query-file: estimate `collect --username NAME …` instead.",
      "--actor",
    );
  }
  // Every input is checked (exit 2 naming the flag) before anything opens.
  const estimateWith = await estimator(ctx.io.cwd, flags, byActors);
  const runtime = await openTikTok(ctx.io, flags);
  try {
    const estimate = await estimateWith(runtime.collector);
    const daily = runtime.config.dailyRequests ?? 1000;
    const text = flags.json
      ? `${JSON.stringify(estimate, null, 2)}\n`
      : renderEstimate(estimate, daily, runtime.config.mode === "demo");
    await writeAll(ctx.io.stdout, text);
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}

/**
 * What to estimate: with condition flags or --query-file, the query `collect` would send
 * (collectByQuery); otherwise a terms or actors collection.
 */
async function estimator(
  cwd: string,
  flags: EstimateFlags,
  byActors: boolean,
): Promise<(collector: TikTokCollector) => Promise<CostEstimate>> {
  if (wantsRawQuery(flags)) {
    const input = await queryCollectionFromFlags(cwd, flags);
    return (collector) => collector.estimateQueryCost(input);
  }
  const { input } = byActors ? actorsQueryFromFlags(flags) : termsQueryFromFlags(flags);
  return (collector) => collector.estimateCost(input);
}

function renderEstimate(e: CostEstimate, daily: number, synthetic: boolean): string {
  const money = Object.entries(e.money)
    .map(([tier, usd]) => `${tier} $${(usd ?? 0).toFixed(2)}`)
    .join(" · ");
  const rows: [string, string][] = [
    [
      "requests",
      `min ${formatCount(e.requests.min)} · expected ${formatCount(e.requests.expected)} · max ${formatCount(e.requests.max)}`,
    ],
    [
      "records",
      `~${formatCount(e.records.expected)} expected${e.records.max === undefined ? "" : `, at most ${formatCount(e.records.max)}`}`,
    ],
    ["quota days", `${e.quotaDays} (at ${formatCount(daily)} requests a day)`],
    ["money", money || "-"],
    [
      "basis",
      e.basis === "history"
        ? "history (earlier runs of this query, or the windows of its run under way)"
        : "partitions (windows alone; no earlier run)",
    ],
    ["windows", `${formatCount(e.windows)} × ${e.partitions} partition(s)`],
    ...e.notes.map((note, i): [string, string] => [i === 0 ? "notes" : "", note]),
  ];
  if (synthetic) rows.push(["data", "SYNTHETIC (built-in emulator): history comes from demo runs"]);
  return `${alignRows(rows).join("\n")}\n`;
}
