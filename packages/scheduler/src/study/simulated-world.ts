import {
  type CheckpointStore,
  type Clock,
  createDefaultLanguageDetector,
  type LanguageDetector,
  MemoryTokenCache,
  type QuotaLedger,
  type Sleep,
  type TokenCache,
} from "@observatory/arena-core";
import { createTikTokCollector, type TikTokCollector } from "@observatory/arena-tiktok";
import { DEMO_CLIENT, type Emulator, startEmulator } from "@observatory/tiktok-emulator";

/** The simulated platform: the emulator with a living corpus, on the study's clock. */
export interface WorldOptions {
  clock: Clock;
  seed?: number;
  /** Corpus span and size (default 12,000 videos from 2026-06-01 to 2026-12-31). */
  corpus?: { videos: number; start: string; end: string };
  /** The API's daily research requests (the emulator enforces it). */
  dailyRequests: number;
  maxIngestionLagDays?: number;
  laterDeletedShare?: number;
}

export async function startWorld(options: WorldOptions): Promise<Emulator> {
  return startEmulator({
    seed: options.seed ?? 11,
    clock: options.clock,
    corpus: options.corpus ?? { videos: 12_000, start: "2026-06-01", end: "2026-12-31" },
    ingestionLagDays: 1,
    living: {
      maxIngestionLagDays: options.maxIngestionLagDays ?? 8,
      laterDeletedShare: options.laterDeletedShare ?? 0.05,
      deletedWithinDays: 40,
    },
    quota: { research: { requests: options.dailyRequests } },
  });
}

/** Collectors for the world's API: one per job, sharing a token cache and a language detector. */
export async function worldCollectors(input: {
  baseUrl: string;
  clock: Clock;
  sleep: Sleep;
  tokenCache?: TokenCache;
  detector?: LanguageDetector;
}): Promise<(ports: { quota: QuotaLedger; checkpoints: CheckpointStore }) => TikTokCollector> {
  const tokenCache = input.tokenCache ?? new MemoryTokenCache();
  const languageDetector = input.detector ?? (await createDefaultLanguageDetector());
  return ({ quota, checkpoints }) =>
    createTikTokCollector({
      credentials: { clientKey: DEMO_CLIENT.clientKey, clientSecret: DEMO_CLIENT.clientSecret, id: "study" },
      baseUrl: input.baseUrl,
      pseudonymSalt: "simulated-study-salt-0001",
      clock: input.clock,
      sleep: input.sleep,
      quota,
      checkpoints,
      tokenCache,
      languageDetector,
      retry: { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 10_000, slowDelayMs: 30_000 },
      // The planner decides when a window is due (its own lag); a job must collect the window it is given.
      ingestionLagDays: 0,
    });
}
