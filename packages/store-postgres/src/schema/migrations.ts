import { VIDEO_DAYS_SQL } from "./video-days.js";

export { VIDEO_REFRESH_WINDOW_DAYS } from "./video-days.js";

/**
 * Versioned migrations, applied in order on open. A released migration is never edited: a change is a
 * new version. `MIGRATIONS.at(-1).version` is the schema version this code writes.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const contentTable = (name: string) => `
CREATE TABLE ${name} (
  record_seq bigint GENERATED ALWAYS AS IDENTITY,
  platform text NOT NULL,
  arena text NOT NULL,
  platform_id text NOT NULL,
  content_type text NOT NULL,
  text_content text,
  title text,
  url text,
  language text,
  published_at timestamptz,
  collected_at timestamptz NOT NULL,
  author_platform_id text,
  author_display_name text,
  pseudonymized_author_id text,
  views_count bigint,
  likes_count bigint,
  shares_count bigint,
  comments_count bigint,
  engagement_score double precision,
  raw_metadata jsonb NOT NULL,
  media_urls text[] NOT NULL,
  content_hash text,
  search_terms_matched text[] NOT NULL,
  collection_tier text NOT NULL,
  first_collected_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  last_checked_at timestamptz,
  first_run_id text,
  PRIMARY KEY (platform, platform_id)
);
CREATE UNIQUE INDEX ${name}_seq ON ${name} (record_seq);
CREATE INDEX ${name}_published ON ${name} (published_at);
CREATE INDEX ${name}_author ON ${name} (platform, pseudonymized_author_id);
CREATE INDEX ${name}_first_run ON ${name} (first_run_id);
`;

/** When TikTok last returned a record: seen by a collection or re-queried by ID (the compliance rule). */
export const LAST_CHECK_SQL = "GREATEST(last_seen_at, COALESCE(last_checked_at, last_seen_at))";

/**
 * Version 2. `held_records`: how many rows of `content_records` each run first found, per content type,
 * kept exact by statement-level triggers (an insert adds its rows per run, a delete takes them away):
 * "records held" per run, schedule or day is a sum over a small table instead of a count over millions
 * of rows. And an index on each content table's last check (`LAST_CHECK_SQL`): the oldest check and
 * the records past a limit are index lookups.
 */
const HELD_AND_LAST_CHECK = `
CREATE TABLE held_records (
  first_run_id text NOT NULL,
  content_type text NOT NULL,
  records bigint NOT NULL,
  PRIMARY KEY (first_run_id, content_type)
);
INSERT INTO held_records (first_run_id, content_type, records)
SELECT COALESCE(first_run_id, ''), content_type, count(*) FROM content_records GROUP BY 1, 2;

CREATE FUNCTION held_records_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO held_records (first_run_id, content_type, records)
  SELECT COALESCE(first_run_id, ''), content_type, count(*) FROM added GROUP BY 1, 2
  ON CONFLICT (first_run_id, content_type) DO UPDATE SET records = held_records.records + EXCLUDED.records;
  RETURN NULL;
END $$;
CREATE FUNCTION held_records_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE held_records h SET records = h.records - r.n
  FROM (SELECT COALESCE(first_run_id, '') AS first_run_id, content_type, count(*) AS n FROM removed GROUP BY 1, 2) r
  WHERE h.first_run_id = r.first_run_id AND h.content_type = r.content_type;
  RETURN NULL;
END $$;
CREATE TRIGGER content_records_held_added AFTER INSERT ON content_records
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION held_records_added();
CREATE TRIGGER content_records_held_removed AFTER DELETE ON content_records
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION held_records_removed();

CREATE INDEX content_records_last_check ON content_records (content_type, (${LAST_CHECK_SQL}));
CREATE INDEX comments_last_check ON comments ((${LAST_CHECK_SQL}));
ANALYZE content_records;
ANALYZE comments;
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "records, snapshots, runs, windows, checkpoints, ports, deletions",
    sql: `
${contentTable("content_records")}
${contentTable("comments")}
CREATE INDEX comments_parent ON comments ((raw_metadata->>'video_id'));

CREATE TABLE engagement_snapshots (
  platform text NOT NULL,
  platform_id text NOT NULL,
  observed_at timestamptz NOT NULL,
  run_id text NOT NULL,
  source text NOT NULL,
  views_count bigint,
  likes_count bigint,
  shares_count bigint,
  comments_count bigint,
  engagement_score double precision,
  PRIMARY KEY (platform, platform_id, run_id)
);
CREATE INDEX engagement_snapshots_observed ON engagement_snapshots (platform, platform_id, observed_at);

CREATE TABLE user_profiles (
  platform text NOT NULL,
  username text NOT NULL,
  status text NOT NULL,
  display_name text,
  bio text,
  avatar_url text,
  verified boolean,
  follower_count bigint,
  following_count bigint,
  likes_count bigint,
  video_count bigint,
  pseudonymized_id text,
  collected_at timestamptz NOT NULL,
  detail text,
  raw jsonb,
  first_collected_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  first_run_id text,
  PRIMARY KEY (platform, username)
);

CREATE TABLE relations (
  platform text NOT NULL,
  relation text NOT NULL,
  "of" text NOT NULL,
  username text NOT NULL,
  of_pseudonymized boolean NOT NULL,
  username_pseudonymized boolean NOT NULL,
  display_name text,
  collected_at timestamptz NOT NULL,
  first_collected_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  first_run_id text,
  PRIMARY KEY (platform, relation, "of", username)
);
CREATE INDEX relations_username ON relations (platform, username);

CREATE TABLE playlist_entries (
  platform text NOT NULL,
  playlist_id text NOT NULL,
  position integer NOT NULL,
  video_id text NOT NULL,
  playlist_name text,
  playlist_item_total bigint,
  playlist_last_updated timestamptz,
  collected_at timestamptz NOT NULL,
  first_collected_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  first_run_id text,
  PRIMARY KEY (platform, playlist_id, position)
);

CREATE TABLE collection_runs (
  run_id text PRIMARY KEY,
  kind text NOT NULL,
  platform text NOT NULL,
  query jsonb,
  status text NOT NULL,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz,
  records bigint NOT NULL DEFAULT 0,
  pages bigint NOT NULL DEFAULT 0,
  requests bigint NOT NULL DEFAULT 0,
  detail text
);

CREATE TABLE collection_windows (
  run_id text NOT NULL,
  partition text NOT NULL,
  window_since timestamptz,
  window_until timestamptz,
  status text NOT NULL,
  records bigint NOT NULL DEFAULT 0,
  pages bigint NOT NULL DEFAULT 0,
  requests bigint NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at timestamptz,
  started_at timestamptz,
  updated_at timestamptz NOT NULL,
  finished_at timestamptz,
  detail text,
  PRIMARY KEY (run_id, partition)
);
CREATE INDEX collection_windows_open ON collection_windows (run_id, status);

CREATE TABLE checkpoints (
  run_id text NOT NULL,
  partition text NOT NULL,
  cursor text,
  search_id text,
  done boolean NOT NULL,
  pages bigint NOT NULL,
  records bigint NOT NULL,
  given_up text,
  data jsonb,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, partition)
);

CREATE TABLE checkpoint_leases (
  run_id text NOT NULL,
  partition text NOT NULL,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, partition)
);

CREATE TABLE quota_usage (
  credential text NOT NULL,
  pool text NOT NULL,
  day date NOT NULL,
  requests_used bigint NOT NULL DEFAULT 0,
  records_used bigint NOT NULL DEFAULT 0,
  exhausted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (credential, pool, day)
);

CREATE TABLE access_tokens (
  cache_key text PRIMARY KEY,
  access_token text NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE deletions (
  deletion_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  platform text NOT NULL,
  platform_id text NOT NULL,
  kind text NOT NULL,
  deleted_at timestamptz NOT NULL,
  reason text NOT NULL,
  run_id text
);
CREATE INDEX deletions_id ON deletions (platform, platform_id);
`,
  },
  {
    version: 2,
    name: "held records per run and content type (kept by triggers), the last-check expression indexes",
    sql: HELD_AND_LAST_CHECK,
  },
  {
    version: 3,
    name: "videos per day of publication and those refreshed at 10–15 days (kept by triggers)",
    sql: VIDEO_DAYS_SQL,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
