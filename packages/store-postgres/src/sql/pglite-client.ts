import { PGlite } from "@electric-sql/pglite";
import type { SqlClient, SqlQueryable } from "./sql-client.js";
import { PG_TYPE, parseInt8, parseTimestamptz } from "./type-parsers.js";
import { useWasmCompiler, type WasmCompiler } from "./wasm-compiler.js";

const parsers = { [PG_TYPE.INT8]: parseInt8, [PG_TYPE.TIMESTAMPTZ]: parseTimestamptz };

/**
 * PostgreSQL's shared buffers inside the WebAssembly heap: 16 MB instead of the default 128 MB keeps
 * the process's RSS near 190 MB instead of 280 MB (the operating system's page cache still holds the
 * table files); measured by bench/store.bench.ts.
 */
const SHARED_BUFFERS = "16MB";

export interface PgliteClientOptions {
  /** V8's compiler for PGlite's WebAssembly (default "optimizing": less memory; see wasm-compiler.ts). */
  wasmCompiler?: WasmCompiler;
}

/** An embedded PGlite database in `dir` (created on first open). One process per directory. */
export async function openPgliteClient(dir: string, options: PgliteClientOptions = {}): Promise<SqlClient> {
  useWasmCompiler(options.wasmCompiler ?? "optimizing");
  const db = await PGlite.create(dir, {
    parsers,
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`],
  });
  await db.query("SET TIME ZONE 'UTC'");
  const wrap = (q: { query: PGlite["query"]; exec: PGlite["exec"] }): SqlQueryable => ({
    query: async <R>(sql: string, params?: readonly unknown[]) => {
      const result = await q.query<R>(sql, params ? [...params] : undefined);
      return { rows: result.rows };
    },
    exec: async (sql: string) => {
      await q.exec(sql);
    },
  });
  const direct = wrap(db);
  return {
    backend: "pglite",
    query: direct.query,
    exec: direct.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    // One process per directory (the directory lock): every lock is this process's already.
    tryHoldLock: async () => async () => undefined,
    close: () => db.close(),
  };
}
