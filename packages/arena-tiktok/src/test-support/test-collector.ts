// Test support without nock: a collector with in-memory ports, a manual clock and instant sleeps.
import { ManualClock, MemoryCheckpointStore, MemoryLogger, MemoryQuotaLedger } from "@observatory/arena-core";
import { drain } from "@observatory/arena-core/testing";
import { createTikTokCollector } from "../create-collector.js";
import type { TikTokCollectorOptions } from "../options.js";
import { secretScan } from "./secret-scan.js";

export const BASE = "https://open.tiktokapis.com";
export const CLIENT_KEY = "test-client-key";
export const CLIENT_SECRET = "test-client-secret-never-logged";
export const SALT = "test-salt-0123456789abcdef";

/** A collector wired to a fake API with in-memory ports, a manual clock and instant sleeps. */
export function testCollector(overrides: Partial<TikTokCollectorOptions> = {}) {
  const clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock("2026-11-24T10:00:00Z");
  const logger = new MemoryLogger();
  const checkpoints = new MemoryCheckpointStore();
  const quota = overrides.quota ?? new MemoryQuotaLedger({ clock });
  const sleeps: number[] = [];
  const collector = createTikTokCollector({
    credentials: { clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, id: "test" },
    pseudonymSalt: SALT,
    baseUrl: BASE,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
    logger,
    checkpoints,
    quota,
    languageDetector: { name: "fixed", detect: () => ({ language: "da", confidence: 0.9 }) },
    ...overrides,
  });
  secretScan.watch(logger, checkpoints);
  return { collector, clock, logger, checkpoints, quota, sleeps };
}

/** Every item of a stream and how it ended; an error is scanned for secrets. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const { items, error } = await drain(iterable, { onError: (e) => secretScan.watchError(e) });
  return error === undefined ? { items } : { items, error };
}
