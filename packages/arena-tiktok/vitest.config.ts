import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: { name: "arena-tiktok", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});
