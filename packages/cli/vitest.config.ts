import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "cli",
    include: ["src/**/*.test.ts"],
    // The acceptance tests run the built command (dist/bin.js) as a subprocess against the emulator.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
