import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "arena-tiktok",
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    // Every test's logs, checkpoints and errors are scanned for the client secret and access tokens.
    setupFiles: ["src/test-support/secret-scan.setup.ts"],
  },
});
