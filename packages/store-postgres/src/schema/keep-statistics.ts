import type { SqlClient } from "../sql/sql-client.js";

/** The tables whose statistics a kind's writes change (the planner's choice of index depends on them). */
export const TABLES_OF_KIND: Record<string, readonly string[]> = {
  content: ["content_records", "comments", "engagement_snapshots"],
  profile: ["user_profiles"],
  relation: ["relations"],
  playlist_entry: ["playlist_entries"],
};

/** The statistics target of these ANALYZEs (PostgreSQL's default is 100). */
export const STATISTICS_TARGET = 10;

/**
 * PGlite runs no autovacuum, so nothing keeps its planner statistics current: a table analysed while
 * empty (migration 2) and then filled with 1,000,000 rows is planned as if it were tiny, and the
 * refresh's due selection took 4.9 s on a bitmap AND of two unselective indexes instead of 0.8 s on
 * the publication-time index. After a writer added `added` rows, this ANALYZEs each of `tables` that
 * grew by more than 10 % of the rows it was last analysed with (autovacuum's own rule, with its
 * floor of 1,000 rows here). A server's autovacuum does this by itself: nothing is done there.
 */
export async function analyzeIfGrown(
  client: SqlClient,
  tables: readonly string[],
  added: number,
): Promise<string[]> {
  if (client.backend !== "pglite" || added < 1_000 || !tables.length) return [];
  const { rows } = await client.query<{ name: string; reltuples: number }>(
    `SELECT t AS name, c.reltuples::float8 AS reltuples
     FROM unnest($1::text[]) AS t JOIN pg_class c ON c.oid = to_regclass(t)`,
    [[...tables]],
  );
  const stale = rows.filter((r) => added > 0.1 * Math.max(r.reltuples, 0)).map((r) => r.name);
  if (stale.length) {
    // A sample of 300 × the statistics target rows is copied into PGlite's WebAssembly memory, which
    // never shrinks: 30,000 rows of ~1.3 KB at PostgreSQL's default target of 100 raised the process's
    // high-water mark by ~40 MB. A target of 10 (3,000 rows, a 10-bucket histogram) is plenty for the
    // planner's choice between these indexes.
    await client.transaction(async (tx) => {
      await tx.exec(`SET LOCAL default_statistics_target = ${STATISTICS_TARGET}`);
      await tx.exec(`ANALYZE ${stale.join(", ")}`);
    });
  }
  return stale;
}
