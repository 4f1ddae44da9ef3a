import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "store-postgres",
    include: ["src/**/*.test.ts"],
    // PGlite's first open of a directory runs initdb (~3 s); the server tests start their own postgres.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
