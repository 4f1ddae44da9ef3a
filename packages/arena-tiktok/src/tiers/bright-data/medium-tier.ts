import {
  type ActorsQuery,
  type CollectOptions,
  ConfigError,
  type ContentRecord,
  type CostEstimate,
  fingerprint,
  isArenaError,
  type Sleep,
  type TermsQuery,
  type Tier,
} from "@observatory/arena-core";
import { deriveRunId } from "../../run/run-id.js";
import type { BrightDataClient } from "./bright-data-client.js";
import type { ResolvedBrightDataOptions } from "./bright-data-options.js";
import { estimateMediumCost } from "./medium-cost.js";
import { actorsPartitions, type MediumPartition, termsPartitions } from "./medium-plan.js";
import { type MediumRunDeps, runMediumCollection } from "./medium-run.js";

export type MediumQuery = { kind: "terms"; query: TermsQuery } | { kind: "actors"; query: ActorsQuery };

/** The medium tier (Bright Data) behind the collector's ArenaCollector methods. */
export class MediumTier {
  constructor(
    readonly client: BrightDataClient,
    readonly settings: ResolvedBrightDataOptions,
    readonly sleep: Sleep,
  ) {}

  partitions(q: MediumQuery): MediumPartition[] {
    return q.kind === "terms"
      ? termsPartitions(q.query, this.settings.postsPerInput)
      : actorsPartitions(q.query, this.settings.postsPerInput);
  }

  collect(
    q: MediumQuery,
    options: CollectOptions,
    deps: Omit<MediumRunDeps, "client" | "settings" | "sleep">,
  ): AsyncGenerator<ContentRecord> {
    const partitions = this.partitions(q);
    const request = { medium: q.query, datasetId: this.settings.datasetId };
    const exclude = q.kind === "terms" ? q.query.exclude : undefined;
    return runMediumCollection(
      { ...deps, client: this.client, settings: this.settings, sleep: this.sleep },
      {
        kind: q.kind,
        runId: options.runId ?? deriveRunId(`medium-${q.kind}`, request),
        fingerprint: fingerprint(request),
        partitions,
        since: q.query.since,
        until: q.query.until,
        ...(q.query.maxResults === undefined ? {} : { maxResults: q.query.maxResults }),
        ...(q.query.languages ? { languages: q.query.languages } : {}),
        ...(exclude ? { exclude } : {}),
        options,
      },
    );
  }

  estimate(q: MediumQuery): CostEstimate {
    return estimateMediumCost(this.partitions(q), this.settings, q.query.maxResults);
  }

  /** Lists one snapshot of the dataset: proves the key and the dataset without paying for anything. */
  async health(): Promise<{ ok: boolean; detail: string }> {
    try {
      await this.client.check(this.settings.datasetId);
      return { ok: true, detail: `Bright Data (medium tier) answers for dataset ${this.settings.datasetId}` };
    } catch (error) {
      const message = isArenaError(error)
        ? error.message
        : `unexpected failure: ${(error as Error)?.message}`;
      return { ok: false, detail: `Bright Data (medium tier): ${message}` };
    }
  }
}

/** The medium tier, or a ConfigError naming the `brightData` option that enables it. */
export function requireMedium(medium: MediumTier | undefined): MediumTier {
  if (medium) return medium;
  throw new ConfigError(
    "The medium tier needs the brightData option (a Bright Data API key): createTikTokCollector({ brightData: { apiKey } }).",
    { field: "brightData" },
  );
}

/** The tier a query asks for ("free" by default), checked against what the collector supports. */
export function resolveTier(tier: Tier | undefined, medium: MediumTier | undefined): Tier {
  const wanted = tier ?? "free";
  if (wanted === "medium") requireMedium(medium);
  else if (wanted !== "free") {
    throw new ConfigError(`The ${wanted} tier is not available for TikTok; use "free" or "medium".`, {
      field: "tier",
    });
  }
  return wanted;
}
