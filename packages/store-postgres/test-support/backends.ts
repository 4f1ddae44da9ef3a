import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "@observatory/arena-core";
import { afterAll, beforeAll } from "vitest";
import { openStore } from "../src/open-store.js";
import type { RecordStore } from "../src/record-store.js";
import { type PostgresServer, postgresSkipReason, startPostgresServer } from "../src/testing/index.js";

export interface Backend {
  name: "pglite" | "postgres";
  /** A fresh, empty database's location (a directory, or a URL of a new database). */
  newLocation(): Promise<string>;
  open(location: string, options?: { clock?: Clock }): Promise<RecordStore>;
}

let counter = 0;

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
    open: (location, options) => openStore(location, options ?? {}),
  };
  return { backends: skip ? [pglite] : [pglite, postgres], server: () => server };
}
