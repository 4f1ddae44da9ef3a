import { defineConfig } from "vitest/config";

// vitest 4 ignores vitest.workspace.ts: every package has its own vitest.config.ts (defineProject).
export default defineConfig({
  test: {
    projects: ["packages/*"],
  },
});
