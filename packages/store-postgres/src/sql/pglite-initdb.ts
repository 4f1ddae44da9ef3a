import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { PGlite } from "@electric-sql/pglite";

/**
 * Where a new embedded database's initdb runs:
 *
 * - `"child-process"` (the default): a short-lived `node` process creates the database files and exits.
 *   PGlite's initdb grows the WebAssembly heap to ~700–850 MB for a moment, and a WebAssembly heap
 *   never shrinks: run in the collecting process, it would stay that process's peak for the whole
 *   collection (measured by bench/store.bench.ts). The collecting process then opens a finished
 *   database, as it does every later time.
 * - `"this-process"`: initdb in the calling process (for hosts that cannot start a process).
 */
export type PgliteInitdbIn = "child-process" | "this-process";

/** A bound on the child's work: initdb takes 2–6 s on a loaded two-core machine. */
const CHILD_TIMEOUT_MS = 300_000;

/** The child: CommonJS, so that it runs the same from the sources and from the built package. */
const CHILD_SOURCE = `
const [dir, entry] = process.argv.slice(1);
require(entry).PGlite.create(dir)
  .then((db) => db.close())
  .catch((error) => {
    process.stderr.write(JSON.stringify({ code: error && error.code, message: String((error && error.message) || error) }));
    process.exitCode = 1;
  });
`;

/** An initdb failure carries the child's error code (ENOSPC, EACCES, …) for the store's error table. */
class InitdbError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "InitdbError";
  }
}

function initdbInChild(dir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-e", CHILD_SOURCE, dir, entry],
      { timeout: CHILD_TIMEOUT_MS, maxBuffer: 1024 * 1024, env: { PATH: process.env.PATH ?? "" } },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        let reported: { code?: string; message?: string } = {};
        try {
          reported = JSON.parse(String(stderr).trim().split("\n").pop() ?? "{}");
        } catch {
          // Not the child's own report (killed, out of memory): the exec error says what happened.
        }
        const why = error.killed ? `initdb did not finish within ${CHILD_TIMEOUT_MS / 1000} s` : undefined;
        reject(
          new InitdbError(
            why ?? reported.message ?? (String(stderr).trim().slice(-500) || error.message),
            typeof reported.code === "string" ? reported.code : undefined,
          ),
        );
      },
    );
  });
}

/** Creates the files of a new, empty embedded database in `dir` (which must not hold one). */
export async function pgliteInitdb(dir: string, where: PgliteInitdbIn = "child-process"): Promise<void> {
  if (where === "child-process") return initdbInChild(dir);
  const db = await PGlite.create(dir);
  await db.close();
}
