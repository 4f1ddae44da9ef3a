import { type PlannedExtraInput, planExtraRequests } from "@observatory/arena-tiktok";
import type { PlannedLine } from "../machine/dry-run.js";

/**
 * `--dry-run` of the ad library and TikTok Shop commands: the first request of every target (the
 * query, a term, an ID or a shop name), its body exactly as sent. Bad input is the collector's
 * ConfigError (exit 2 naming the field).
 */
export const commercePlan = (input: PlannedExtraInput) => (): PlannedLine[] =>
  planExtraRequests(input).map((p) => ({
    endpoint: p.endpoint,
    fields: p.fields.join(","),
    partition: p.target,
    bodyJson: p.bodyJson,
  }));
