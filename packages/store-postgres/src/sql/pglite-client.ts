import { PGlite } from "@electric-sql/pglite";
import type { SqlClient, SqlQueryable } from "./sql-client.js";
import { PG_TYPE, parseInt8, parseTimestamptz } from "./type-parsers.js";

const parsers = { [PG_TYPE.INT8]: parseInt8, [PG_TYPE.TIMESTAMPTZ]: parseTimestamptz };

/** An embedded PGlite database in `dir` (created on first open). One process per directory. */
export async function openPgliteClient(dir: string): Promise<SqlClient> {
  const db = await PGlite.create(dir, { parsers });
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
    close: () => db.close(),
  };
}
