/** A TikTok collector against a suite emulator, with file-backed checkpoints under the artefacts. */
import { join } from "node:path";
import {
  type Clock,
  type ContentRecord,
  FileCheckpointStore,
  FileQuotaLedger,
  MemoryLogger,
} from "@observatory/arena-core";
import { createTikTokCollector, type TikTokCollectorOptions } from "@observatory/arena-tiktok";
import type { Emulator } from "@observatory/tiktok-emulator";
import { artifactDir, saveArtifact, saveError } from "./artifacts.js";
import { SUITE_CLIENT, SUITE_NOW, SUITE_SALT } from "./suite-client.js";

export interface SuiteCollector {
  collector: ReturnType<typeof createTikTokCollector>;
  logger: MemoryLogger;
  checkpoints: FileCheckpointStore;
  quota: FileQuotaLedger;
  /** Writes the log to the artefacts (checkpoints and the ledger are files there already). */
  save(): void;
}

export function suiteCollector(
  emulator: Emulator,
  name: string,
  overrides: Partial<TikTokCollectorOptions> = {},
  /** The daily research requests the collector's own (file) ledger allows. */
  ledgerRequests = 1_000_000,
): SuiteCollector {
  const clock: Clock = overrides.clock ?? { now: () => SUITE_NOW };
  const state = artifactDir(`state-${name}`);
  const logger = new MemoryLogger();
  const checkpoints = new FileCheckpointStore(join(state, "checkpoints"));
  const quota = new FileQuotaLedger(join(state, "quota.json"), {
    clock,
    pools: { research: { requests: ledgerRequests, records: ledgerRequests * 100 } },
  });
  const collector = createTikTokCollector({
    credentials: { ...SUITE_CLIENT, id: "suite" },
    pseudonymSalt: SUITE_SALT,
    baseUrl: emulator.url,
    clock,
    // Instant, but a real turn of the event loop.
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    logger,
    checkpoints,
    quota,
    ...overrides,
  });
  return {
    collector,
    logger,
    checkpoints,
    quota,
    save: () => saveArtifact(`log-${name}`, logger.text()),
  };
}

/** Drains a stream; an error ends it and is returned (and saved to the artefacts). */
export async function drain(
  name: string,
  iterable: AsyncIterable<ContentRecord>,
): Promise<{ records: ContentRecord[]; error: unknown }> {
  const records: ContentRecord[] = [];
  let error: unknown;
  try {
    for await (const record of iterable) records.push(record);
  } catch (caught) {
    error = caught;
    saveError(name, caught);
  }
  saveArtifact(`records-${name}`, records.map((r) => JSON.stringify(r)).join("\n"));
  return { records, error };
}
