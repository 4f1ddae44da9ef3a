// Test support: the TikTok collector against a real local emulator (HTTP on loopback), and the
// emulator's ground truth for a query.
import {
  type ContentRecord,
  dateWindows,
  MemoryCheckpointStore,
  MemoryLogger,
  MemoryQuotaLedger,
  parseInput,
  type TermsQueryInput,
  termsQuerySchema,
} from "@observatory/arena-core";
import {
  compileQuery,
  DEMO_CLIENT,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "@observatory/tiktok-emulator";
import { createTikTokCollector } from "../create-collector.js";
import type { TikTokCollectorOptions } from "../options.js";
import { videoQueryBody } from "../paging/video-pages.js";
import { termsToVideoQueries } from "../query/terms-query.js";
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

/** IDs a complete crawl must collect: the emulator's matching, visible, non-deleted videos in [since, until). */
export function truthFor(emulator: Emulator, input: TermsQueryInput): string[] {
  const q = parseInput(termsQuerySchema, input, "query");
  const ids = new Set<string>();
  for (const part of termsToVideoQueries(q)) {
    const predicate = compileQuery(part.query as never, 100);
    const range = {
      startSeconds: q.since.getTime() / 1000,
      endSeconds: q.until.getTime() / 1000,
      spanDays: 0,
    };
    for (const i of emulator.corpus.matchIndices(predicate, range)) {
      const video = emulator.corpus.videos[i]!;
      if (!video.deleted) ids.add(video.id);
    }
  }
  return [...ids].sort();
}

/** Pages a fault-free crawl needs, window by window, with the collector's own windows and page size. */
export function pagesNeeded(
  emulator: Emulator,
  input: TermsQueryInput,
  windowDays = 7,
  maxCount = 100,
): number {
  const q = parseInput(termsQuerySchema, input, "query");
  let pages = 0;
  for (const part of termsToVideoQueries(q)) {
    for (const window of dateWindows(q.since, q.until, windowDays)) {
      const body = videoQueryBody(
        {
          query: part.query,
          since: window.since,
          until: window.until,
          maxCount,
          dateGuard: true,
          isRandom: false,
        } as Parameters<typeof videoQueryBody>[0],
        { cursor: 0 },
      );
      pages += emulator.corpus.expectedPages(
        body.query as never,
        body.start_date,
        body.end_date,
        maxCount,
      ).length;
    }
  }
  return pages;
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
