import { defineConfig } from "tsup";

// ESM is code-split, so `observatory --help` (dist/bin.js) loads only commander and the command
// definitions; the arenas, Redis and the emulator load inside the actions that need them.
export default defineConfig({
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  splitting: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
