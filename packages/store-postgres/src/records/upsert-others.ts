import type { ActorProfile } from "@observatory/arena-core";
import type { SqlQueryable } from "../sql/sql-client.js";
import type { StoredPlaylistEntry, StoredRelation, WriteContext, WriteCounts } from "./stored-types.js";

/** One upsert statement: rows in as one jsonb parameter, the latest observation wins. */
interface TableSpec {
  table: string;
  /** [column, recordset type] in insert order. */
  columns: readonly (readonly [string, string])[];
  key: readonly string[];
}

const q = (c: string) => (c === "of" ? `"of"` : c);

function upsertSql(spec: TableSpec): string {
  const names = spec.columns.map(([c]) => q(c)).join(", ");
  const type = spec.columns.map(([c, t]) => `${q(c)} ${t}`).join(", ");
  const updated = spec.columns.map(([c]) => c).filter((c) => !spec.key.includes(c));
  return `
INSERT INTO ${spec.table} (${names}, first_collected_at, last_seen_at, first_run_id)
SELECT ${names}, collected_at, collected_at, $2 FROM jsonb_to_recordset($1::jsonb) AS r(${type})
ON CONFLICT (${spec.key.map(q).join(", ")}) DO UPDATE SET
${updated
  .map(
    (c) =>
      `  ${q(c)} = CASE WHEN EXCLUDED.collected_at >= ${spec.table}.collected_at THEN EXCLUDED.${q(c)} ELSE ${spec.table}.${q(c)} END`,
  )
  .join(",\n")},
  last_seen_at = GREATEST(${spec.table}.last_seen_at, EXCLUDED.collected_at)
RETURNING (xmax = 0) AS inserted`;
}

const PROFILE: TableSpec = {
  table: "user_profiles",
  key: ["platform", "username"],
  columns: [
    ["platform", "text"],
    ["username", "text"],
    ["status", "text"],
    ["display_name", "text"],
    ["bio", "text"],
    ["avatar_url", "text"],
    ["verified", "boolean"],
    ["follower_count", "bigint"],
    ["following_count", "bigint"],
    ["likes_count", "bigint"],
    ["video_count", "bigint"],
    ["pseudonymized_id", "text"],
    ["collected_at", "timestamptz"],
    ["detail", "text"],
    ["raw", "jsonb"],
  ],
};

const RELATION: TableSpec = {
  table: "relations",
  key: ["platform", "relation", "of", "username"],
  columns: [
    ["platform", "text"],
    ["relation", "text"],
    ["of", "text"],
    ["username", "text"],
    ["of_pseudonymized", "boolean"],
    ["username_pseudonymized", "boolean"],
    ["display_name", "text"],
    ["collected_at", "timestamptz"],
  ],
};

const PLAYLIST: TableSpec = {
  table: "playlist_entries",
  key: ["platform", "playlist_id", "position"],
  columns: [
    ["platform", "text"],
    ["playlist_id", "text"],
    ["position", "integer"],
    ["video_id", "text"],
    ["playlist_name", "text"],
    ["playlist_item_total", "bigint"],
    ["playlist_last_updated", "timestamptz"],
    ["collected_at", "timestamptz"],
  ],
};

const SQL = new Map<TableSpec, string>([PROFILE, RELATION, PLAYLIST].map((s) => [s, upsertSql(s)]));

async function upsertRows(
  db: SqlQueryable,
  spec: TableSpec,
  rows: readonly Record<string, unknown>[],
  context: WriteContext,
): Promise<WriteCounts> {
  const counts: WriteCounts = { inserted: 0, updated: 0 };
  // One row per key in a statement (ON CONFLICT cannot touch a row twice): the last one wins.
  const byKey = new Map<string, Record<string, unknown>>();
  for (const row of rows) byKey.set(spec.key.map((k) => String(row[k])).join("\u0000"), row);
  const unique = [...byKey.values()];
  for (let i = 0; i < unique.length; i += 1_000) {
    const result = await db.query<{ inserted: boolean }>(SQL.get(spec)!, [
      JSON.stringify(unique.slice(i, i + 1_000)),
      context.runId,
    ]);
    for (const row of result.rows) row.inserted ? counts.inserted++ : counts.updated++;
  }
  return counts;
}

/** Profiles by (platform, username); an unavailable account is a row with its status. */
export const upsertProfiles = (db: SqlQueryable, profiles: readonly ActorProfile[], context: WriteContext) =>
  upsertRows(
    db,
    PROFILE,
    profiles.map((p) => ({
      platform: p.platform,
      username: p.username,
      status: p.status,
      display_name: p.displayName ?? null,
      bio: p.bio ?? null,
      avatar_url: p.avatarUrl ?? null,
      verified: p.verified ?? null,
      follower_count: p.followerCount ?? null,
      following_count: p.followingCount ?? null,
      likes_count: p.likesCount ?? null,
      video_count: p.videoCount ?? null,
      pseudonymized_id: p.pseudonymizedId ?? null,
      collected_at: p.collectedAt,
      detail: p.detail ?? null,
      raw: p.raw ?? null,
    })),
    context,
  );

/** Follower/following edges by (platform, relation, of, username). */
export const upsertRelations = (
  db: SqlQueryable,
  relations: readonly StoredRelation[],
  context: WriteContext,
) => upsertRows(db, RELATION, relations as unknown as Record<string, unknown>[], context);

/** Playlist entries by (platform, playlist_id, position). */
export const upsertPlaylistEntries = (
  db: SqlQueryable,
  entries: readonly StoredPlaylistEntry[],
  context: WriteContext,
) => upsertRows(db, PLAYLIST, entries as unknown as Record<string, unknown>[], context);
