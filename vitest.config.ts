import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// vitest 4 ignores vitest.workspace.ts: every package has its own vitest.config.ts (defineProject).
export default defineConfig({
  test: {
    projects: ["packages/*"],
    // One test file per core. vitest's default leaves a core free (1 worker on a 2-core machine), but
    // most of the suite's time is spent waiting for processes it starts (the command, PGlite,
    // postgres, redis-server, the emulator): on 2 cores, 1 worker took ~570 s, 2 workers ~385 s.
    maxWorkers: availableParallelism(),
  },
});
