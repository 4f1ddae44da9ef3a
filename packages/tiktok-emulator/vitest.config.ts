import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  // Server round trips on a shared machine: generous per-test time, assertions never time anything tight.
  test: { name: "tiktok-emulator", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});
