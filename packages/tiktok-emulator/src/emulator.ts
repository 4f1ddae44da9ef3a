import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "./clock.js";
import type { Corpus } from "./corpus/corpus.js";
import { FAULT_KINDS, type FaultOptions } from "./faults.js";
import type { LivingCorpus } from "./living/living-corpus.js";
import { type ClientCredentials, type EmulatorOptions, resolveOptions } from "./options.js";
import { createEmulatorServer } from "./server.js";
import { createState } from "./state.js";
import type { EmulatorStats } from "./stats.js";

export interface Emulator {
  /** Base URL, e.g. "http://127.0.0.1:8787" (endpoints are under /v2/…). */
  readonly url: string;
  readonly port: number;
  /** Accepted credentials. */
  readonly clients: readonly ClientCredentials[];
  /** Ground truth: the corpus as the API sees it at the clock's now. */
  readonly corpus: Corpus;
  readonly clock: Clock;
  readonly seed: number;
  /** With the `living` option: the corpus's lags and deletions over time (ground truth). */
  readonly living: LivingCorpus | undefined;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
  stats(): EmulatorStats;
  /**
   * Zeroes every counter, including today's quota usage of every client, and empties
   * `hiddenVideoIds` (the videos empty pages hid stay deleted).
   */
  resetStats(): void;
  /** Replaces the fault configuration (all off unless given); a faultSeed restarts the fault PRNG. */
  setFaults(faults: FaultOptions): void;
}

/** Starts a TikTok Research API emulator on `host:port` (default 127.0.0.1, a free port). */
export async function startEmulator(input: EmulatorOptions = {}): Promise<Emulator> {
  const options = resolveOptions(input);
  const clock = input.clock ?? systemClock;
  const state = createState(options, input, clock);
  const server = createEmulatorServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    clients: options.clients,
    corpus: state.corpus,
    clock,
    seed: options.seed,
    living: state.living,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
    stats() {
      const faults: Record<string, number> = {};
      for (const kind of FAULT_KINDS) faults[kind] = state.faults.counts[kind] ?? 0;
      return {
        requests: { total: state.stats.total, byEndpoint: { ...state.stats.byEndpoint } },
        tokenRequests: state.stats.tokenRequests,
        quota: state.quota.snapshot(),
        faults,
        pagesServed: state.stats.pagesServed,
        hiddenVideoIds: [...state.faults.hiddenVideoIds],
      };
    },
    resetStats() {
      state.stats.reset();
      state.faults.resetCounts();
      state.quota.reset();
    },
    setFaults(faults) {
      state.faults.set(faults);
    },
  };
}
