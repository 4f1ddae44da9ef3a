import { cp, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "@observatory/arena-core";
import { afterAll, beforeAll } from "vitest";
import { openStore } from "../src/open-store.js";
import type { RecordStore } from "../src/record-store.js";
import { SCHEMA_VERSION } from "../src/schema/migrations.js";
import { type PostgresServer, postgresSkipReason, startPostgresServer } from "../src/testing/index.js";

export interface Backend {
  /** A fresh location that was never opened (the first open creates and migrates it). */
  emptyLocation(): Promise<string>;
  name: "pglite" | "postgres";
  /** A fresh, empty database's location (a directory, or a URL of a new database). */
  newLocation(): Promise<string>;
  open(location: string, options?: { clock?: Clock }): Promise<RecordStore>;
}

let counter = 0;

/**
 * A migrated, empty PGlite database to copy: PGlite's first open of a directory runs initdb (several
 * seconds), a copy takes a fraction of one. Shared by every test process (built once, renamed into place).
 */
async function pgliteTemplate(): Promise<string> {
  const template = join(tmpdir(), `observatory-pglite-template-v${SCHEMA_VERSION}`);
  if (
    await stat(join(template, "pgdata", "PG_VERSION")).then(
      () => true,
      () => false,
    )
  )
    return template;
  const building = await mkdtemp(join(tmpdir(), "observatory-pglite-building-"));
  const store = await openStore(join(building, "db"));
  await store.close();
  await rename(join(building, "db"), template).catch(() => undefined);
  await rm(building, { recursive: true, force: true });
  return template;
}

/**
 * Both backends for `describe.each`: PGlite in temp directories, and a PostgreSQL server this suite
 * starts (skipped when the binaries are missing, a failure with CI=true).
 */
export function useBackends(): { backends: Backend[]; server: () => PostgresServer | undefined } {
  const skip = postgresSkipReason();
  const dirs: string[] = [];
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    if (!skip) server = await startPostgresServer();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const pglite: Backend = {
    name: "pglite",
    async newLocation() {
      const dir = await mkdtemp(join(tmpdir(), "observatory-store-"));
      dirs.push(dir);
      await cp(await pgliteTemplate(), join(dir, "study.db"), { recursive: true });
      return join(dir, "study.db");
    },
    async emptyLocation() {
      const dir = await mkdtemp(join(tmpdir(), "observatory-store-"));
      dirs.push(dir);
      return join(dir, "study.db");
    },
    open: (location, options) => openStore(location, options ?? {}),
  };
  const postgres: Backend = {
    name: "postgres",
    async newLocation() {
      if (!server) throw new Error(`the PostgreSQL tests need a server: ${skip}`);
      counter += 1;
      return server.createDatabase(`t${process.pid}_${counter}`);
    },
    emptyLocation() {
      return postgres.newLocation();
    },
    open: (location, options) => openStore(location, options ?? {}),
  };
  return { backends: skip ? [pglite] : [pglite, postgres], server: () => server };
}
