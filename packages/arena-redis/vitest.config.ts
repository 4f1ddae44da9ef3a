import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "arena-redis",
    include: ["src/**/*.test.ts"],
    // Each test file starts its own redis-server on a free loopback port; spawning workers takes a moment.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
