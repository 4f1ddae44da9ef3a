import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { ReliabilitySequencer } from "./reliability/sequencer.js";

// The reliability suite: `pnpm test:reliability` (builds first: it runs the built packages and the
// built `observatory` command). Every file writes its logs, errors, checkpoints, state files and
// outputs to one artefacts directory; the files run side by side (one per core, the longest first:
// each starts its own servers and processes on free ports and temp directories), then the secret scan
// runs alone, last, and reads everything the others wrote there.
// vitest reads this file more than once (once per project): the directory is made once per run.
process.env.OBSERVATORY_RELIABILITY_ARTIFACTS ??= mkdtempSync(join(tmpdir(), "observatory-reliability-"));
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set just above, by this file
const artifactsDir = process.env.OBSERVATORY_RELIABILITY_ARTIFACTS;

export default defineConfig({
  test: {
    provide: { artifactsDir },
    maxWorkers: availableParallelism(),
    testTimeout: 180_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "reliability",
          include: ["reliability/**/*.test.ts"],
          exclude: ["reliability/secrets.test.ts"],
          sequence: { sequencer: ReliabilitySequencer, groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "reliability-secrets",
          include: ["reliability/secrets.test.ts"],
          // After the whole suite; its teardown merges every file's results into reliability/results.json.
          globalSetup: ["reliability/global-setup.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
