import { defineConfig } from "tsup";

export default defineConfig({
  // The study's worker process is its own entry: `simulate` starts it as a child process (dist/*.js, ESM).
  // ESM and CommonJS, like the other packages.
  entry: { index: "src/index.ts", "study-worker-main": "src/study/study-worker-main.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  clean: true,
  sourcemap: true,
  target: "node20",
  shims: true,
});
