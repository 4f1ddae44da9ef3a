import { parseInput } from "@observatory/arena-core";
import { TikTokCollector } from "./collector.js";
import { createTikTokDeps } from "./deps.js";
import { type TikTokCollectorOptions, tiktokOptionsSchema } from "./options.js";

/**
 * Builds the TikTok Research API collector. Every port has an in-memory default; a host injects its
 * own (Redis-backed token cache, quota ledger, checkpoints, limiter) to share them across workers.
 */
export function createTikTokCollector(input: TikTokCollectorOptions): TikTokCollector {
  return new TikTokCollector(
    createTikTokDeps(parseInput(tiktokOptionsSchema, input, "TikTok collector options")),
  );
}
