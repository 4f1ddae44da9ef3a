/**
 * The emulator of the scale-out benchmark, in its own process so that it does not compete with the
 * parent for the event loop. Started with JSON options in argv[2]; answers the parent over IPC:
 * "truth" (the IDs and pages a complete crawl of a query needs), "stats", "reset" and "close".
 */
import type { TermsQueryInput } from "@observatory/arena-core";
import { pagesPerWindow as pagesNeeded, truthFor } from "@observatory/arena-tiktok/testing";
import { startEmulator } from "@observatory/tiktok-emulator";

export interface EmulatorProcessOptions {
  seed: number;
  videos: number;
  latencyMs: number;
  /** The emulator's fixed "now" (its corpus ends 2026-11-20). */
  now: number;
}

export type EmulatorRequest =
  | { type: "truth"; query: TermsQueryInput; maxCount: number }
  | { type: "stats" }
  | { type: "reset" }
  | { type: "close" };

const options = JSON.parse(process.argv[2] ?? "{}") as EmulatorProcessOptions;
const emulator = await startEmulator({
  seed: options.seed,
  clock: { now: () => options.now },
  corpus: { videos: options.videos },
  quota: { research: { requests: 1e9, records: 1e12 } },
  latencyMs: options.latencyMs,
});
process.send?.({ type: "ready", url: emulator.url });
process.on("message", (message: EmulatorRequest) => {
  switch (message.type) {
    case "truth": {
      const ids = truthFor(emulator, message.query);
      const perWindow = pagesNeeded(emulator, message.query, 7, message.maxCount);
      process.send?.({ type: "truth", ids, perWindow });
      break;
    }
    case "stats":
      process.send?.({ type: "stats", stats: emulator.stats(), cpu: process.cpuUsage() });
      break;
    case "reset":
      emulator.resetStats();
      process.send?.({ type: "reset" });
      break;
    case "close":
      void emulator.close().then(() => process.exit(0));
      break;
  }
});
