import { once } from "node:events";
import pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";
import type { SqlClient, SqlTransaction } from "./sql-client.js";
import { PG_TYPE, parseInt8, parseTimestamptz } from "./type-parsers.js";

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === PG_TYPE.INT8) return parseInt8;
    if (oid === PG_TYPE.TIMESTAMPTZ) return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface PgClientOptions {
  /** Connections in the pool (default 4). */
  max?: number;
  /** How long a connection attempt may take (default 10 s). */
  connectionTimeoutMillis?: number;
}

/** `COPY … FROM STDIN` on one connection (pg-copy-streams): resolves when the server has taken every row. */
async function copyIn(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  text: string,
): Promise<void> {
  const stream = client.query(copyFromStdin(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  const done = once(stream, "finish");
  stream.end(text);
  await done;
}

/** A PostgreSQL server through a `pg` pool. */
export async function openPgClient(url: string, options: PgClientOptions = {}): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    types,
    options: "-c TimeZone=UTC",
  });
  // A broken idle connection (server restarted) is dropped by the pool; the next query reconnects.
  pool.on("error", () => undefined);
  // Fail now, with the server's reason, rather than at the first write.
  const probe = await pool.connect().catch(async (error: unknown) => {
    await pool.end().catch(() => undefined);
    throw error;
  });
  probe.release();
  const query = async <R>(sql: string, params?: readonly unknown[]) => {
    const result = await pool.query(sql, params ? [...params] : undefined);
    return { rows: result.rows as R[] };
  };
  return {
    backend: "postgres",
    query,
    exec: async (sql: string) => {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A checked-out client has no listener of the pool's: without one, the server going away
      // mid-transaction would be an unhandled 'error' event (the process dies); the query rejects anyway.
      const ignore = () => undefined;
      client.on("error", ignore);
      let broken = false;
      try {
        await client.query("BEGIN");
        const tx: SqlTransaction = {
          query: async <R>(sql: string, params?: readonly unknown[]) => {
            const result = await client.query(sql, params ? [...params] : undefined);
            return { rows: result.rows as R[] };
          },
          exec: async (sql: string) => {
            await client.query(sql);
          },
          copyFrom: (table, columns, text) => copyIn(client, table, columns, text),
        };
        const value = await fn(tx);
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.off("error", ignore);
        client.release(broken);
      }
    },
    async tryHoldLock(name: string, n: number) {
      const client = await pool.connect();
      // Held for a long time: a server going away must not be an unhandled 'error' event.
      const ignore = () => undefined;
      client.on("error", ignore);
      const done = (broken: boolean) => {
        client.off("error", ignore);
        client.release(broken);
      };
      try {
        const { rows } = await client.query<{ held: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext($1), $2) AS held",
          [name, n],
        );
        if (!rows[0]?.held) {
          done(false);
          return undefined;
        }
      } catch (error) {
        done(true);
        throw error;
      }
      return async () => {
        // Ending the session frees its locks; a connection that lost its server is dropped anyway.
        done(true);
      };
    },
    close: () => pool.end(),
  };
}
