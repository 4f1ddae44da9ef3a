import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "scheduler",
    include: ["src/**/*.test.ts"],
    // Acceptance tests start their own postgres / redis-server and run simulated studies.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
