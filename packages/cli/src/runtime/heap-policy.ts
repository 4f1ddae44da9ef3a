/**
 * How the `observatory` process asks V8 to manage its heap. A collection streams: it holds about 25 MB
 * of live data however many records it writes. V8 sizes its garbage collection for the machine,
 * though: on a host with plenty of RAM it lets the old space fill with garbage to three or four times
 * the live data before collecting, and a million-record run peaks around 200 MB resident. This flag
 * makes it collect sooner: a million-record run then peaks around 140 MB (measured by
 * `bench/memory.bench.ts`, at the same speed). It sets no limit: a large `refresh --in` input still
 * fits.
 *
 * Node warns that V8 flags changed after start-up may do nothing or misbehave. This one is read in one
 * place only, V8's heap controller, when it sets the next collection's limit after a full GC; and every
 * subprocess test of the command (the kill -9 rounds included) runs with it.
 *
 * `OBSERVATORY_V8_HEAP=default` leaves V8's own policy (`compact`, the default, applies the flag). The
 * variable is read from the environment only: a `.env` file is read too late for it.
 */
export const HEAP_FLAGS = [
  // After a full GC, let the old space grow by 20 % over the live data before the next one, not by
  // V8's factor of up to 4. (`--optimize-for-size` saves another ~20 MB but costs throughput.)
  "--heap-growing-percent=20",
] as const;

export const HEAP_POLICY_ENV = "OBSERVATORY_V8_HEAP";

/**
 * Applies `HEAP_FLAGS` through `setFlags` (node:v8's `setFlagsFromString` in the command) unless the
 * environment opts out; returns the flags applied.
 */
export function applyHeapPolicy(
  env: Readonly<Record<string, string | undefined>>,
  setFlags: (flag: string) => void,
): readonly string[] {
  if (env[HEAP_POLICY_ENV] === "default") return [];
  for (const flag of HEAP_FLAGS) setFlags(flag);
  return HEAP_FLAGS;
}
