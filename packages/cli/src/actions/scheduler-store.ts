import { PostgresSchedulerStore } from "@observatory/scheduler";
import { openStore } from "@observatory/store-postgres";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../usage-error.js";

/** `--db <dir|postgres-url>` or DATABASE_URL: where the schedules and records live. */
export function storeLocation(io: CliIo, flags: { db?: string }): { location: string; source: string } {
  if (flags.db) return { location: flags.db, source: "--db" };
  const env = io.env.DATABASE_URL;
  if (env) return { location: env, source: "DATABASE_URL" };
  throw new UsageError(
    "--db: give the study's database, a directory (embedded) or a postgres:// URL, or set DATABASE_URL",
    "--db",
  );
}

/** Opens the store (migrating it and the scheduler's tables) for a scheduler command. */
export async function openSchedulerStore(io: CliIo, flags: { db?: string }): Promise<PostgresSchedulerStore> {
  const { location, source } = storeLocation(io, flags);
  return PostgresSchedulerStore.open(await openStore(location, { cwd: io.cwd, source }));
}
