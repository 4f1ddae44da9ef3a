/**
 * The emulator for the memory benchmark, in its own process (its corpus and caches must not count
 * towards the collector's memory). Started with the corpus size in argv[2]; tells the parent its URL
 * over IPC and stops on "close".
 */
import { startEmulator } from "@observatory/tiktok-emulator";
import { BENCH_CLIENT, BENCH_NOW } from "./bench-client.js";

const videos = Number(process.argv[2] ?? 1_100_000);
const emulator = await startEmulator({
  port: 0,
  seed: 42,
  clock: { now: () => BENCH_NOW },
  // Few accounts: only the videos matter here, and half a million accounts would slow startup.
  corpus: { videos, creators: 20_000, audience: 10_000 },
  clients: [BENCH_CLIENT],
  quota: { research: { requests: 1e9, records: 1e12 } },
});
process.send?.({ type: "ready", url: emulator.url });
process.on("message", (message: { type: string }) => {
  if (message.type === "close") void emulator.close().then(() => process.exit(0));
});
