import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { ArenaError, type Clock, ConfigError } from "@observatory/arena-core";
import { connectionError } from "./errors/classify-error.js";
import { lockDirectory } from "./location/dir-lock.js";
import { parseStoreLocation, type StoreLocation } from "./location/store-location.js";
import { RecordStore } from "./record-store.js";
import { type MigrationReport, migrate } from "./schema/migrate.js";
import { openPgClient } from "./sql/pg-client.js";
import { openPgliteClient } from "./sql/pglite-client.js";
import { type PgliteInitdbIn, pgliteInitdb } from "./sql/pglite-initdb.js";
import type { SqlClient } from "./sql/sql-client.js";
import type { WasmCompiler } from "./sql/wasm-compiler.js";

export interface OpenStoreOptions {
  /** Resolves a relative directory (default: process.cwd()). */
  cwd?: string;
  /** Names the value's origin in errors: "--db" (default) or "DATABASE_URL". */
  source?: string;
  /** Apply pending migrations on open (default true). With false, an outdated schema is an error. */
  migrate?: boolean;
  clock?: Clock;
  /** Connections in the pool, for a server (default 4). */
  poolSize?: number;
  /**
   * V8's compiler for an embedded database's WebAssembly: "optimizing" (default: TurboFan only, ~60 MB
   * less memory while storing, ~1.4 s more CPU at the process's first open) or "v8-default".
   */
  wasmCompiler?: WasmCompiler;
  /**
   * Where a new embedded database's initdb runs: "child-process" (default: its ~700 MB moment stays out
   * of this process) or "this-process".
   */
  initdbIn?: PgliteInitdbIn;
  /** Called with what the open migrated (nothing when the schema was current). */
  onMigrated?: (report: MigrationReport) => void;
}

/** Where the embedded database's files and its lock live inside the `--db` directory. */
export const pgliteDataDir = (dir: string) => join(dir, "pgdata");
export const pgliteLockPath = (dir: string) => join(dir, "store.lock");

/**
 * A new embedded database is created (initdb, by default in a child process: see pglite-initdb.ts) in a
 * private directory beside its place and moved into place when complete: a process killed while
 * creating it leaves no half-made database, only a leftover that the next open removes. The
 * migrations then run as on every open (in one transaction). Runs under the directory's lock. True
 * when this call created the database.
 */
async function initialisePglite(dir: string, initdbIn: PgliteInitdbIn | undefined): Promise<boolean> {
  const data = pgliteDataDir(dir);
  if (
    await stat(join(data, "PG_VERSION")).then(
      () => true,
      () => false,
    )
  )
    return false;
  for (const entry of await readdir(dir)) {
    if (entry.startsWith("pgdata.init-")) await rm(join(dir, entry), { recursive: true, force: true });
  }
  const building = `${data}.init-${process.pid}`;
  await pgliteInitdb(building, initdbIn);
  await rm(data, { recursive: true, force: true });
  await rename(building, data);
  return true;
}

/**
 * Opens the store: a directory means an embedded PGlite database (created on first open, one process
 * at a time), a `postgres://` URL a server. Pending migrations are applied; a database whose schema is
 * newer than this code is refused (`SchemaTooNewError`). Bad locations are `ConfigError`s that name
 * the source and never show a password.
 */
export async function openStore(
  location: string | StoreLocation,
  options: OpenStoreOptions = {},
): Promise<RecordStore> {
  const source = options.source ?? "--db";
  const where =
    typeof location === "string"
      ? parseStoreLocation(location, { source, ...(options.cwd ? { cwd: options.cwd } : {}) })
      : location;
  let client: SqlClient;
  let unlock: () => Promise<void> = async () => undefined;
  let created = false;
  if (where.kind === "pglite") {
    try {
      await mkdir(where.dir, { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new ConfigError(
        `${source} ${where.display}: cannot create the database directory (${code}${
          code === "ENOTDIR" || code === "EEXIST" ? ": it or a parent is a file" : ""
        }); point it at a directory you can write.`,
        { field: source },
      );
    }
    unlock = await lockDirectory(pgliteLockPath(where.dir), where.display);
    try {
      const pglite = options.wasmCompiler ? { wasmCompiler: options.wasmCompiler } : {};
      created = await initialisePglite(where.dir, options.initdbIn);
      client = await openPgliteClient(pgliteDataDir(where.dir), pglite);
    } catch (error) {
      await unlock();
      throw connectionError(error, where.display, source);
    }
  } else {
    try {
      client = await openPgClient(where.url, { ...(options.poolSize ? { max: options.poolSize } : {}) });
    } catch (error) {
      throw connectionError(error, where.display, source);
    }
  }
  try {
    if (options.migrate === false && !created) {
      const { schemaVersion } = await import("./schema/migrate.js");
      const { SCHEMA_VERSION } = await import("./schema/migrations.js");
      const { SchemaTooNewError } = await import("./errors/store-errors.js");
      const version = await schemaVersion(client);
      if (version > SCHEMA_VERSION) throw new SchemaTooNewError(where.display, version, SCHEMA_VERSION);
      if (version < SCHEMA_VERSION) {
        throw new ConfigError(
          `${source} ${where.display} has schema version ${version}; this code needs ${SCHEMA_VERSION}: run \`observatory db migrate --db …\`.`,
          { field: source },
        );
      }
    } else {
      const report = await migrate(client, where.display);
      options.onMigrated?.(report);
    }
  } catch (error) {
    await client.close().catch(() => undefined);
    await unlock();
    throw error instanceof ArenaError ? error : connectionError(error, where.display, source);
  }
  return new RecordStore(client, {
    location: where.display,
    ...(options.clock ? { clock: options.clock } : {}),
    onClose: unlock,
  });
}
