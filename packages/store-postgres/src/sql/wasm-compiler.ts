import { setFlagsFromString } from "node:v8";

/**
 * Which of V8's WebAssembly compilers runs PGlite (PostgreSQL compiled to WebAssembly, ~9 MB of code):
 *
 * - `"optimizing"` (the default): V8's Liftoff baseline compiler is turned off (`--no-liftoff`) before
 *   PGlite is opened, so each function is compiled once, by TurboFan, when it is first called. Liftoff's
 *   code and bookkeeping for PostgreSQL were the largest part of the process's growth while storing
 *   records: 1,000,000 records stored peak at ~210 MB instead of ~270 MB, and ingestion is no slower
 *   (measured by bench/store.bench.ts). The price is paid once per process, at the first open:
 *   ~1.4 s more CPU compiling the functions PostgreSQL's start-up calls.
 * - `"v8-default"`: V8's own tiering (Liftoff first, TurboFan for hot functions): a faster first open,
 *   more memory.
 *
 * The flag is process-wide and applies to WebAssembly compiled after it is set (PGlite compiles its
 * functions lazily, at first call); it changes nothing for JavaScript. Node warns that V8 flags set
 * after start-up may do nothing: this one is read when a wasm function is compiled, and the bench
 * measures its effect.
 */
export type WasmCompiler = "optimizing" | "v8-default";

export const WASM_COMPILER_FLAGS: Record<WasmCompiler, readonly string[]> = {
  optimizing: ["--no-liftoff"],
  "v8-default": [],
};

/** Sets the V8 flags of `compiler` (through `setFlags`, node:v8's `setFlagsFromString` by default). */
export function useWasmCompiler(
  compiler: WasmCompiler,
  setFlags: (flag: string) => void = setFlagsFromString,
): readonly string[] {
  const flags = WASM_COMPILER_FLAGS[compiler];
  for (const flag of flags) setFlags(flag);
  return flags;
}
