import type { CostEstimate } from "@observatory/arena-core";
import type { ResolvedBrightDataOptions } from "./bright-data-options.js";
import type { MediumPartition } from "./medium-plan.js";

/**
 * The medium tier's cost: Bright Data bills per record delivered (about $1 per 1,000 by default,
 * `pricePerThousand`), whatever falls outside the date range; no Research API quota is used. Each
 * collection takes a trigger, a download, and progress checks while it runs (plus a parts request
 * per extra part with `batchSize`).
 */
export function estimateMediumCost(
  partitions: readonly MediumPartition[],
  settings: ResolvedBrightDataOptions,
  maxResults: number | undefined,
): CostEstimate {
  const perInput = partitions.map((p) => Number(p.input.num_of_posts ?? settings.postsPerInput));
  const delivered = perInput.reduce((a, b) => a + b, 0);
  const records = maxResults === undefined ? delivered : Math.min(delivered, maxResults);
  const parts = settings.batchSize
    ? Math.max(1, Math.ceil(Math.max(...perInput, 1) / settings.batchSize))
    : 1;
  const min = partitions.length * 2;
  const expected = partitions.length * (2 + 1 + 6 + (parts > 1 ? parts : 0));
  const money = Math.round(delivered * settings.pricePerThousand) / 1000;
  return {
    requests: { min, expected, max: partitions.length * (2 + settings.maxPolls + 2 * parts) },
    records: { expected: records, max: delivered },
    quotaDays: 0,
    money: { free: 0, medium: money },
    basis: "partitions",
    partitions: partitions.length,
    windows: 1,
    notes: [
      `medium tier (Bright Data): ${partitions.length} collection(s) of up to ${Math.max(...perInput, 0)} posts each`,
      `Bright Data bills every record delivered, also those outside the date range: at most $${money.toFixed(2)}`,
      "no Research API quota is used; requests include progress checks while a collection runs",
    ],
  };
}
