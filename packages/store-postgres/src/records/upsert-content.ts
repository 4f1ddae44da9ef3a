import type { ContentRecord } from "@observatory/arena-core";
import { CONTENT_COLUMN_NAMES, CONTENT_COLUMNS } from "../schema/content-columns.js";
import type { SqlQueryable } from "../sql/sql-client.js";
import type { WriteContext, WriteCounts } from "./stored-types.js";

const recordsetType = CONTENT_COLUMNS.map(([name, type]) => `${name} ${type.replace(" NOT NULL", "")}`).join(
  ", ",
);
const columnList = CONTENT_COLUMN_NAMES.join(", ");

/** Columns a later observation replaces (when it is not older than the stored one). */
const replaced = CONTENT_COLUMN_NAMES.filter(
  (c) => c !== "platform" && c !== "platform_id" && c !== "search_terms_matched",
);

/**
 * One statement per batch: the batch is parsed once (`json`, not `jsonb`: no binary conversion of the
 * whole batch) into a materialised CTE; the upsert and, for content records, the snapshots read it.
 */
const upsertSql = (table: "content_records" | "comments") => `
WITH input AS MATERIALIZED (
  SELECT * FROM json_to_recordset($1::json) AS r(${recordsetType})
),
${
  table === "content_records"
    ? `snapshots AS (
  INSERT INTO engagement_snapshots
    (platform, platform_id, observed_at, run_id, source, views_count, likes_count, shares_count, comments_count, engagement_score)
  SELECT platform, platform_id, collected_at, $2, $3, views_count, likes_count, shares_count, comments_count, engagement_score
  FROM input
  ON CONFLICT (platform, platform_id, run_id) DO NOTHING
),`
    : ""
}
upserted AS (
  INSERT INTO ${table} (${columnList}, first_collected_at, last_seen_at, first_run_id)
  SELECT ${columnList}, collected_at, collected_at, $2 FROM input
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
SELECT inserted FROM upserted`;

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

/** Rows per statement: one jsonb parameter each, so the size is the statement's, not a parameter limit. */
export const UPSERT_BATCH = 1_000;

/**
 * Inserts or updates content records (videos and other content in `content_records`, comments in
 * `comments`) and appends an engagement snapshot per record and run. Never a duplicate row.
 */
export async function upsertContent(
  q: SqlQueryable,
  records: readonly ContentRecord[],
  context: WriteContext,
): Promise<WriteCounts> {
  const counts: WriteCounts = { inserted: 0, updated: 0 };
  if (!records.length) return counts;
  const all = distinct(records);
  const comments = all.filter((r) => r.content_type === "comment");
  const content = all.filter((r) => r.content_type !== "comment");
  const source = context.source ?? "collect";
  for (const [table, rows] of [
    ["content_records", content],
    ["comments", comments],
  ] as const) {
    for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
      const batch = rows.slice(i, i + UPSERT_BATCH);
      const json = JSON.stringify(batch);
      const params = table === "content_records" ? [json, context.runId, source] : [json, context.runId];
      const result = await q.query<{ inserted: boolean }>(UPSERT[table], params);
      for (const row of result.rows) row.inserted ? counts.inserted++ : counts.updated++;
    }
  }
  return counts;
}
