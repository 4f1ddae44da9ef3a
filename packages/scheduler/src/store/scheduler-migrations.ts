import type { SqlClient, SqlQueryable } from "@observatory/store-postgres";
import { SCHEDULER_FUNCTIONS_SQL, SCHEDULER_START_FUNCTION_SQL } from "./scheduler-functions.js";

/**
 * The scheduler's own tables, beside the store's (`scheduler_*`, versioned in `scheduler_migrations`,
 * applied through the store's connection). A released migration is never edited.
 */
export const SCHEDULER_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "schedules, coverage, spend, checks, rechecks",
    sql: `
CREATE TABLE scheduler_schedules (
  name text PRIMARY KEY,
  platform text NOT NULL,
  query jsonb NOT NULL,
  since date NOT NULL,
  until date,
  live_tail_days integer NOT NULL,
  priority integer NOT NULL,
  daily_budget integer,
  paused boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE TABLE scheduler_coverage (
  schedule text NOT NULL REFERENCES scheduler_schedules (name) ON DELETE CASCADE,
  partition text NOT NULL,
  day date NOT NULL,
  collected_at timestamptz NOT NULL,
  PRIMARY KEY (schedule, partition, day)
);
CREATE TABLE scheduler_spend (
  day date NOT NULL,
  key text NOT NULL,
  requests bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, key)
);
CREATE TABLE scheduler_checks (
  day date NOT NULL,
  platform text NOT NULL,
  kind text NOT NULL,
  checks bigint NOT NULL DEFAULT 0,
  deletions bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, platform, kind)
);
CREATE TABLE scheduler_rechecks (
  platform text NOT NULL,
  platform_id text NOT NULL,
  checked_at timestamptz NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (platform, platform_id, checked_at)
);
`,
  },
  {
    version: 2,
    name: "a collection job's bookkeeping as functions (plans kept per connection)",
    sql: SCHEDULER_FUNCTIONS_SQL,
  },
  {
    version: 3,
    name: "a collection job's start counts its first request's shares (one round trip fewer)",
    sql: SCHEDULER_START_FUNCTION_SQL,
  },
];

const LOCK = 7_412_018;

async function version(q: SqlQueryable): Promise<number> {
  const { rows } = await q.query<{ exists: boolean }>(
    "SELECT to_regclass('scheduler_migrations') IS NOT NULL AS exists",
  );
  if (!rows[0]?.exists) return 0;
  const max = await q.query<{ version: number | null }>(
    "SELECT max(version) AS version FROM scheduler_migrations",
  );
  return Number(max.rows[0]?.version ?? 0);
}

/** Applies the scheduler's missing migrations in one transaction under an advisory lock. */
export async function migrateScheduler(client: SqlClient): Promise<number[]> {
  const latest = SCHEDULER_MIGRATIONS.at(-1)?.version ?? 0;
  const before = await version(client);
  if (before > latest) {
    throw new Error(
      `the database's scheduler tables are version ${before}; this code knows ${latest}: upgrade observatory`,
    );
  }
  if (before === latest) return [];
  return client.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS scheduler_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const from = await version(tx);
    const applied: number[] = [];
    for (const m of SCHEDULER_MIGRATIONS) {
      if (m.version <= from) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO scheduler_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
