// Test support: the TikTok collector against a real local emulator (HTTP on loopback), and the
// emulator's ground truth for a query.
import {
  type ContentRecord,
  MemoryCheckpointStore,
  MemoryLogger,
  MemoryQuotaLedger,
} from "@observatory/arena-core";
import { drain as drainStream } from "@observatory/arena-core/testing";
import {
  DEMO_CLIENT,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "@observatory/tiktok-emulator";
import { createTikTokCollector } from "../create-collector.js";
import type { TikTokCollectorOptions } from "../options.js";
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

export { pagesNeeded, truthFor } from "../testing/index.js";

/** Every record of a collection and how it ended; an error is scanned for secrets. */
export async function drain(iterable: AsyncIterable<ContentRecord>) {
  const { items, error } = await drainStream(iterable, { onError: (e) => secretScan.watchError(e) });
  return { records: items, error };
}
