import { SchemaTooNewError } from "../errors/store-errors.js";
import type { SqlClient, SqlQueryable } from "../sql/sql-client.js";
import { MIGRATIONS, type Migration, SCHEMA_VERSION } from "./migrations.js";

/** An arbitrary constant: the advisory lock that serialises migrations of one database. */
const MIGRATION_LOCK = 7_412_017;

export interface MigrationReport {
  /** The schema version before (0 for a new database). */
  from: number;
  /** The schema version now. */
  to: number;
  applied: { version: number; name: string }[];
}

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

async function currentVersion(q: SqlQueryable): Promise<number> {
  const { rows } = await q.query<{ exists: boolean }>(
    "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
  );
  if (!rows[0]?.exists) return 0;
  const max = await q.query<{ version: number | null }>(
    "SELECT max(version) AS version FROM schema_migrations",
  );
  return Number(max.rows[0]?.version ?? 0);
}

/** The database's schema version, without changing anything (0 for an empty database). */
export async function schemaVersion(client: SqlQueryable): Promise<number> {
  return currentVersion(client);
}

/**
 * Applies the migrations the database lacks, in one transaction under an advisory lock (several
 * processes opening one server at once migrate it once). A database newer than the code is an error.
 */
export async function migrate(
  client: SqlClient,
  location: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationReport> {
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : SCHEMA_VERSION;
  const before = await currentVersion(client);
  if (before > latest) throw new SchemaTooNewError(location, before, latest);
  if (before === latest) return { from: before, to: before, applied: [] };
  return client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(CREATE_LEDGER);
    const from = await currentVersion(tx);
    if (from > latest) throw new SchemaTooNewError(location, from, latest);
    const applied: MigrationReport["applied"] = [];
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      applied.push({ version: migration.version, name: migration.name });
    }
    return { from, to: latest, applied };
  });
}
