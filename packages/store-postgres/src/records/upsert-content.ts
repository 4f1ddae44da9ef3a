import type { ContentRecord } from "@observatory/arena-core";
import { CONTENT_COLUMN_NAMES, CONTENT_COLUMNS } from "../schema/content-columns.js";
import { copyText } from "../sql/copy-text.js";
import type { SqlTransaction } from "../sql/sql-client.js";
import type { WriteContext, WriteCounts } from "./stored-types.js";

/** A temporary table per session, filled by COPY (a server) or from a JSON parameter (PGlite); emptied by the statement that reads it, and at commit. */
const STAGED = "observatory_staged_content";
/** The UCR columns with their types, nullable: the staging table's and the JSON recordset's. */
const stagedColumns = CONTENT_COLUMNS.map(([name, type]) => `${name} ${type.replace(" NOT NULL", "")}`).join(
  ", ",
);
const CREATE_STAGED = `CREATE TEMPORARY TABLE ${STAGED} (${stagedColumns}) ON COMMIT DELETE ROWS`;
const STAGED_EXISTS = `SELECT to_regclass('pg_temp.${STAGED}') IS NOT NULL AS present`;
/** Without COPY (PGlite): the batch as one JSON parameter, parsed once into the staging table. */
const STAGE_JSON = `INSERT INTO ${STAGED} SELECT * FROM json_to_recordset($1::json) AS r(${stagedColumns})`;

/** How each UCR column is written in COPY's text format. */
const COPY_COLUMNS = CONTENT_COLUMNS.map(
  ([name, type]) =>
    [name, type.startsWith("jsonb") ? "json" : type.startsWith("text[]") ? "text[]" : "text"] as const,
);
const columnList = CONTENT_COLUMN_NAMES.join(", ");

/** Columns a later observation replaces (when it is not older than the stored one). */
const replaced = CONTENT_COLUMN_NAMES.filter(
  (c) => c !== "platform" && c !== "platform_id" && c !== "search_terms_matched",
);

/**
 * One statement per table and batch, reading the rows COPY staged: it takes them out of the staging
 * table (`DELETE … RETURNING`, so a second batch in the same transaction starts empty), upserts them
 * and, for content records, appends their snapshots; it returns how many rows were new and how many
 * updated.
 */
const upsertSql = (table: "content_records" | "comments") => `
WITH input AS (
  DELETE FROM ${STAGED} WHERE content_type ${table === "comments" ? "=" : "<>"} 'comment' RETURNING *
),
${
  table === "content_records"
    ? `snapshots AS (
  INSERT INTO engagement_snapshots
    (platform, platform_id, observed_at, run_id, source, views_count, likes_count, shares_count, comments_count, engagement_score)
  SELECT platform, platform_id, collected_at, $1, $2, views_count, likes_count, shares_count, comments_count, engagement_score
  FROM input
  ON CONFLICT (platform, platform_id, run_id) DO NOTHING
),`
    : ""
}
upserted AS (
  INSERT INTO ${table} (${columnList}, first_collected_at, last_seen_at, first_run_id)
  SELECT ${columnList}, collected_at, collected_at, $1 FROM input
  ON CONFLICT (platform, platform_id) DO UPDATE SET
${replaced
  .map(
    (c) =>
      `    ${c} = CASE WHEN EXCLUDED.collected_at >= ${table}.collected_at THEN EXCLUDED.${c} ELSE ${table}.${c} END`,
  )
  .join(",\n")},
    search_terms_matched = ${table}.search_terms_matched || ARRAY(
      SELECT t FROM unnest(EXCLUDED.search_terms_matched) AS t WHERE NOT (t = ANY (${table}.search_terms_matched))
    ),
    last_seen_at = GREATEST(${table}.last_seen_at, EXCLUDED.collected_at)
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
FROM upserted`;

const UPSERT = { content_records: upsertSql("content_records"), comments: upsertSql("comments") };

/** The batch with one record per (platform, platform_id): the latest, its search terms united. */
function distinct(records: readonly ContentRecord[]): ContentRecord[] {
  const byKey = new Map<string, ContentRecord>();
  for (const record of records) {
    const key = `${record.platform}\u0000${record.platform_id}`;
    const earlier = byKey.get(key);
    if (!earlier) {
      byKey.set(key, record);
      continue;
    }
    const [older, newer] =
      earlier.collected_at <= record.collected_at ? [earlier, record] : [record, earlier];
    const terms = [...older.search_terms_matched];
    for (const t of newer.search_terms_matched) if (!terms.includes(t)) terms.push(t);
    byKey.set(key, { ...newer, search_terms_matched: terms });
  }
  return [...byKey.values()];
}

/** Rows per COPY and statement: a page of a collection is one batch; a larger write is split. */
export const UPSERT_BATCH = 5_000;

/**
 * Inserts or updates content records (videos and other content in `content_records`, comments in
 * `comments`) and appends an engagement snapshot per record and run. Never a duplicate row.
 *
 * A batch goes into a temporary staging table — by COPY on a server (its parser is the fastest: about
 * half the server time of `json_to_recordset`), as one JSON parameter on PGlite — and is upserted from
 * it in one statement per table: the same SQL on both.
 */
export async function upsertContent(
  q: SqlTransaction,
  records: readonly ContentRecord[],
  context: WriteContext,
): Promise<WriteCounts> {
  const counts: WriteCounts = { inserted: 0, updated: 0 };
  if (!records.length) return counts;
  const all = distinct(records);
  const source = context.source ?? "collect";
  const { rows } = await q.query<{ present: boolean }>(STAGED_EXISTS);
  if (!rows[0]?.present) await q.exec(CREATE_STAGED);
  for (let i = 0; i < all.length; i += UPSERT_BATCH) {
    const batch = all.slice(i, i + UPSERT_BATCH);
    if (q.copyFrom) await q.copyFrom(STAGED, CONTENT_COLUMN_NAMES, copyText(batch, COPY_COLUMNS));
    else await q.query(STAGE_JSON, [JSON.stringify(batch)]);
    const hasComments = batch.some((r) => r.content_type === "comment");
    const hasContent = !hasComments || batch.some((r) => r.content_type !== "comment");
    const statements: [string, unknown[]][] = [];
    if (hasContent) statements.push([UPSERT.content_records, [context.runId, source]]);
    if (hasComments) statements.push([UPSERT.comments, [context.runId]]);
    for (const [sql, params] of statements) {
      const result = await q.query<WriteCounts>(sql, params);
      counts.inserted += result.rows[0]?.inserted ?? 0;
      counts.updated += result.rows[0]?.updated ?? 0;
    }
  }
  return counts;
}
