import { defineConfig } from "vitest/config";
import { ReliabilitySequencer } from "./reliability/sequencer.js";

// The reliability suite: `pnpm test:reliability` (builds first: it runs the built packages and the
// built `observatory` command). Files run one at a time, in order: the secret scan comes last and reads
// everything the others wrote to the suite's artefacts directory.
export default defineConfig({
  test: {
    name: "reliability",
    include: ["reliability/**/*.test.ts"],
    globalSetup: ["reliability/global-setup.ts"],
    fileParallelism: false,
    sequence: { sequencer: ReliabilitySequencer },
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
