import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "dashboard",
    include: ["src/**/*.test.ts"],
    // Browser tests start chromium and a store filled by a simulated study.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
