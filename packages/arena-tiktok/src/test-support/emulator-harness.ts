// Test support: the TikTok collector against a real local emulator (HTTP on loopback), and the
// emulator's ground truth for a query.
import {
  type ContentRecord,
  MemoryCheckpointStore,
  MemoryLogger,
  MemoryQuotaLedger,
  type TermsQueryInput,
} from "@observatory/arena-core";
import {
  DEMO_CLIENT,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "@observatory/tiktok-emulator";
import { createTikTokCollector } from "../create-collector.js";
import type { TikTokCollectorOptions } from "../options.js";
import { planVideoRequests } from "../paging/plan-video-requests.js";
import { secretScan } from "./secret-scan.js";
import { SALT } from "./test-collector.js";

/** The emulator's "now": its corpus runs to 2026-11-20. */
export const EMULATOR_NOW = Date.parse("2026-11-24T10:00:00Z");

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  secretScan.secret(DEMO_CLIENT.clientSecret);
  return startEmulator({ seed: 7, clock: { now: () => EMULATOR_NOW }, ...options });
}

export function emulatorCollector(emulator: Emulator, overrides: Partial<TikTokCollectorOptions> = {}) {
  const clock = overrides.clock ?? { now: () => EMULATOR_NOW };
  const logger = new MemoryLogger();
  const checkpoints = new MemoryCheckpointStore();
  const quota = new MemoryQuotaLedger({ clock });
  const sleeps: number[] = [];
  const collector = createTikTokCollector({
    credentials: { ...DEMO_CLIENT, id: "emulator" },
    pseudonymSalt: SALT,
    baseUrl: emulator.url,
    clock,
    // Instant, but a real turn of the event loop, so a waiting worker never starves the others' I/O.
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    logger,
    checkpoints,
    quota,
    ...overrides,
  });
  secretScan.watch(logger, checkpoints);
  return { collector, logger, checkpoints, quota, sleeps };
}

/** IDs a complete crawl must collect: the emulator's matching, visible, non-deleted videos of every planned window. */
export function truthFor(emulator: Emulator, input: TermsQueryInput): string[] {
  const ids = planVideoRequests(input).flatMap(({ body }) =>
    emulator.corpus.videoIdsMatching(body.query as never, body.start_date, body.end_date),
  );
  return [...new Set(ids)].sort();
}

/** Pages a fault-free crawl needs, window by window, with the collector's own windows and page size. */
export function pagesNeeded(
  emulator: Emulator,
  input: TermsQueryInput,
  windowDays = 7,
  maxCount = 100,
): number {
  return planVideoRequests(input, { windowDays, maxCount }).reduce(
    (pages, { body }) =>
      pages +
      emulator.corpus.expectedPages(body.query as never, body.start_date, body.end_date, maxCount).length,
    0,
  );
}

export async function drain(iterable: AsyncIterable<ContentRecord>) {
  const records: ContentRecord[] = [];
  try {
    for await (const record of iterable) records.push(record);
  } catch (error) {
    secretScan.watchError(error);
    return { records, error };
  }
  return { records, error: undefined as unknown };
}
