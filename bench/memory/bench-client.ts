/** The benchmark's own (non-demo) Research API client, and the emulator's fixed "now". */
export const BENCH_CLIENT = {
  clientKey: "bench-memory-client",
  clientSecret: "bench-memory-secret-5f0c2a9e71d84b36",
};

/** The emulator's corpus runs to 2026-11-20; two days later everything is ingested. */
export const BENCH_NOW = Date.parse("2026-11-24T10:00:00Z");
