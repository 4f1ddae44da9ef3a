import { type Clock, type ContentRecord, systemClock } from "@observatory/arena-core";
import { writeError } from "./errors/classify-error.js";
import { PostgresCheckpointStore } from "./ports/postgres-checkpoint-store.js";
import { PostgresQuotaLedger, type PostgresQuotaLedgerOptions } from "./ports/postgres-quota-ledger.js";
import { PostgresTokenCache } from "./ports/postgres-token-cache.js";
import { contentWhere, type ExportFilters, type ExportTable } from "./queries/export-query.js";
import { rowToRecord } from "./records/row-to-record.js";
import type { StoredKind, StoredKinds, WriteContext, WriteCounts } from "./records/stored-types.js";
import { RunRegistry } from "./runs/run-registry.js";
import { RunWriter, writeKind } from "./runs/run-writer.js";
import { WindowClaims } from "./runs/window-claims.js";
import { claimWorkerSlot, type WorkerSlot } from "./runs/worker-slots.js";
import { schemaVersion } from "./schema/migrate.js";
import { SCHEMA_VERSION } from "./schema/migrations.js";
import type { SqlClient } from "./sql/sql-client.js";

const DAY_MS = 86_400_000;

export interface DueOptions {
  /** Every record (of `contentType`), not only those due. */
  all?: boolean;
  platform?: string;
  /** e.g. "video": only this content type (default: every type in content_records). */
  contentType?: string;
  /** The engagement window, in days after publication (default 10–15). */
  minAgeDays?: number;
  maxAgeDays?: number;
  /** Epoch ms; default the store's clock. */
  now?: number;
}

export interface DueRecord {
  platform: string;
  platform_id: string;
  published_at: string | null;
}

export interface ForgetOptions {
  platform: string;
  /** Handles and pseudonyms that name the person (compared case-insensitively). */
  identities: readonly string[];
  /** Why, for the deletions log (e.g. "data subject request (GDPR art. 17)"). */
  reason: string;
  runId?: string;
}

export interface DeletionCounts {
  content_records: number;
  comments: number;
  user_profiles: number;
  relations: number;
  engagement_snapshots: number;
}

export interface StoreStatus {
  backend: "pglite" | "postgres";
  location: string;
  schemaVersion: number;
  counts: Record<
    | "content_records"
    | "comments"
    | "user_profiles"
    | "relations"
    | "playlist_entries"
    | "engagement_snapshots"
    | "deletions",
    number
  >;
  /** Content records per content_type. */
  contentTypes: Record<string, number>;
  runs: {
    run_id: string;
    kind: string;
    status: string;
    records: number;
    windows_done: number;
    windows_total: number;
    covered_since: string | null;
    covered_until: string | null;
    updated_at: string;
  }[];
  /** Published 10–15 days ago and not refreshed at that age. */
  dueForRefresh: number;
  /** Neither seen nor checked for more than 15 days (TikTok's terms want a refresh at least that often). */
  uncheckedPast15Days: number;
}

/**
 * The records' home: every table of the schema behind typed methods. Open it with `openStore`.
 * Writes are upserts (never a duplicate row); a collection writes through a `RunWriter`, which commits
 * each page's records with its checkpoint in one transaction.
 */
export class RecordStore {
  readonly backend: "pglite" | "postgres";
  /** The location as messages may show it (a URL's password masked). */
  readonly location: string;
  readonly runs: RunRegistry;
  readonly windows: WindowClaims;
  /** The `CheckpointStore` port (with leases). For a collection's writes use `runWriter().checkpoints`. */
  readonly checkpoints: PostgresCheckpointStore;
  readonly #client: SqlClient;
  readonly #clock: Clock;
  readonly #onClose: () => Promise<void>;
  #closed = false;
  #tokenCache: PostgresTokenCache | undefined;

  constructor(
    client: SqlClient,
    options: { location: string; clock?: Clock; onClose?: () => Promise<void> },
  ) {
    this.#client = client;
    this.backend = client.backend;
    this.location = options.location;
    this.#clock = options.clock ?? systemClock;
    this.#onClose = options.onClose ?? (async () => undefined);
    this.runs = new RunRegistry(client, { clock: this.#clock });
    this.windows = new WindowClaims(client, { clock: this.#clock });
    this.checkpoints = new PostgresCheckpointStore(client, { clock: this.#clock });
  }

  /** The SQL client, for hosts that query the tables themselves. */
  get sql(): SqlClient {
    return this.#client;
  }

  schemaVersion(): Promise<number> {
    return schemaVersion(this.#client);
  }

  /** The quota ledger port on this database (atomic across processes). */
  quotaLedger(options: PostgresQuotaLedgerOptions = {}): PostgresQuotaLedger {
    return new PostgresQuotaLedger(this.#client, { clock: this.#clock, ...options });
  }

  /** The token cache port on this database (single-flight refresh across processes); one per store. */
  tokenCache(): PostgresTokenCache {
    this.#tokenCache ??= new PostgresTokenCache(this.#client);
    return this.#tokenCache;
  }

  /**
   * This process's worker slot on `runId`: the lowest number no other live process holds (always 0 on
   * an embedded database). A killed process's slot is free again, so its resume gets it back.
   */
  workerSlot(runId: string): Promise<WorkerSlot> {
    return claimWorkerSlot(this.#client, runId);
  }

  /** A collection's writer: records held per page, committed with the page's checkpoint. */
  runWriter<K extends StoredKind>(options: {
    runId: string;
    kind: K;
    source?: WriteContext["source"];
  }): RunWriter<K> {
    return new RunWriter(this.#client, this.runs, {
      ...options,
      checkpoints: this.checkpoints,
      onWriteError: (error: unknown) => writeError(error, this.location),
    });
  }

  /** Writes records of one kind in one transaction (upserts; a snapshot per content record and run). */
  async write<K extends StoredKind>(
    kind: K,
    items: readonly StoredKinds[K][],
    context: WriteContext,
  ): Promise<WriteCounts> {
    try {
      return await this.#client.transaction((tx) => writeKind(tx, kind, items, context));
    } catch (error) {
      throw writeError(error, this.location);
    }
  }

  /**
   * Records whose engagement is due for re-collection: published `minAgeDays`–`maxAgeDays` ago (10–15)
   * and not checked since they reached `minAgeDays` of age; with `all`, every record. Oldest first.
   */
  async dueForRefresh(options: DueOptions = {}): Promise<DueRecord[]> {
    const { sql, params } = this.#dueSql(options);
    const { rows } = await this.#client.query<DueRecord>(sql, params);
    return rows;
  }

  /** The plan PostgreSQL chooses for `dueForRefresh` (EXPLAIN), to show that it uses an index. */
  async explainDue(options: DueOptions = {}): Promise<string> {
    const { sql, params } = this.#dueSql(options);
    const { rows } = await this.#client.query<Record<string, string>>(`EXPLAIN ${sql}`, params);
    return rows.map((r) => Object.values(r)[0]).join("\n");
  }

  #dueSql(options: DueOptions): { sql: string; params: unknown[] } {
    const now = options.now ?? this.#clock.now();
    const params: unknown[] = [];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where: string[] = [];
    if (!options.all) {
      const min = options.minAgeDays ?? 10;
      const max = options.maxAgeDays ?? 15;
      where.push(
        `published_at >= ${param(new Date(now - max * DAY_MS).toISOString())}::timestamptz`,
        `published_at < ${param(new Date(now - min * DAY_MS).toISOString())}::timestamptz`,
        `(last_checked_at IS NULL OR last_checked_at < published_at + ${param(`${min} days`)}::interval)`,
      );
    }
    if (options.platform) where.push(`platform = ${param(options.platform)}`);
    if (options.contentType) where.push(`content_type = ${param(options.contentType)}`);
    const sql = `SELECT platform, platform_id, published_at FROM content_records
      ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY published_at NULLS LAST, platform_id`;
    return { sql, params };
  }

  /** The stored records of these IDs (content_records), in no particular order. */
  async recordsByIds(platform: string, ids: readonly string[]): Promise<ContentRecord[]> {
    if (!ids.length) return [];
    const { rows } = await this.#client.query(
      "SELECT * FROM content_records WHERE platform = $1 AND platform_id = ANY($2::text[])",
      [platform, [...ids]],
    );
    return rows.map(rowToRecord);
  }

  /**
   * A refresh's outcome in one transaction: the records that came back are upserted (counts, a
   * snapshot with source "refresh") and every asked ID gets `last_checked_at` (those that did not come
   * back too: they were checked, and are reported missing).
   */
  async recordRefresh(
    platform: string,
    refreshed: readonly ContentRecord[],
    checkedIds: readonly string[],
    context: { runId: string; at?: number },
  ): Promise<WriteCounts> {
    const at = new Date(context.at ?? this.#clock.now()).toISOString();
    try {
      return await this.#client.transaction(async (tx) => {
        const counts = await writeKind(tx, "content", refreshed, { runId: context.runId, source: "refresh" });
        await tx.query(
          "UPDATE content_records SET last_checked_at = $3 WHERE platform = $1 AND platform_id = ANY($2::text[])",
          [platform, [...checkedIds], at],
        );
        return counts;
      });
    } catch (error) {
      throw writeError(error, this.location);
    }
  }

  /**
   * Deletes records (and their snapshots) by ID and logs each deletion (no content): e.g. videos the
   * platform no longer serves. Returns how many rows were deleted.
   */
  async deleteRecords(
    platform: string,
    ids: readonly string[],
    reason: string,
    runId?: string,
  ): Promise<number> {
    if (!ids.length) return 0;
    const at = new Date(this.#clock.now()).toISOString();
    return this.#client.transaction(async (tx) => {
      let deleted = 0;
      for (const table of ["content_records", "comments"] as const) {
        const { rows } = await tx.query(
          `WITH gone AS (DELETE FROM ${table} WHERE platform = $1 AND platform_id = ANY($2::text[])
             RETURNING platform, platform_id)
           INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason, run_id)
           SELECT platform, platform_id, $3, $4, $5, $6 FROM gone RETURNING platform_id`,
          [platform, [...ids], table === "comments" ? "comment" : "content", at, reason, runId ?? null],
        );
        deleted += rows.length;
      }
      await tx.query(
        "DELETE FROM engagement_snapshots WHERE platform = $1 AND platform_id = ANY($2::text[])",
        [platform, [...ids]],
      );
      return deleted;
    });
  }

  /**
   * A person's erasure: every row that names one of `identities` (content and comments they wrote,
   * their profile, follower edges on either side, the snapshots of their content) is deleted and each
   * deletion logged (kind, id, when, why: no content). One transaction.
   */
  async forget(options: ForgetOptions): Promise<DeletionCounts> {
    const ids = [...new Set(options.identities.map((i) => i.trim().replace(/^@/, "").toLowerCase()))];
    const at = new Date(this.#clock.now()).toISOString();
    const common = [options.platform, ids, at, options.reason, options.runId ?? null];
    return this.#client.transaction(async (tx) => {
      const counts: DeletionCounts = {
        content_records: 0,
        comments: 0,
        user_profiles: 0,
        relations: 0,
        engagement_snapshots: 0,
      };
      for (const table of ["content_records", "comments"] as const) {
        const { rows } = await tx.query(
          `WITH gone AS (DELETE FROM ${table} WHERE platform = $1
             AND (pseudonymized_author_id = ANY($2::text[]) OR lower(pseudonymized_author_id) = ANY($2::text[])
               OR lower(author_platform_id) = ANY($2::text[]))
             RETURNING platform, platform_id),
           snaps AS (DELETE FROM engagement_snapshots s USING gone
             WHERE s.platform = gone.platform AND s.platform_id = gone.platform_id RETURNING 1)
           INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason, run_id)
           SELECT platform, platform_id, '${table === "comments" ? "comment" : "content"}', $3, $4, $5 FROM gone
           RETURNING (SELECT count(*) FROM snaps) AS snapshots`,
          common,
        );
        counts[table] = rows.length;
        counts.engagement_snapshots += Number(
          (rows[0] as { snapshots?: number } | undefined)?.snapshots ?? 0,
        );
      }
      const profiles = await tx.query(
        `WITH gone AS (DELETE FROM user_profiles WHERE platform = $1
           AND (lower(username) = ANY($2::text[]) OR lower(pseudonymized_id) = ANY($2::text[]))
           RETURNING platform, username)
         INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason, run_id)
         SELECT platform, username, 'profile', $3, $4, $5 FROM gone RETURNING 1`,
        common,
      );
      counts.user_profiles = profiles.rows.length;
      const relations = await tx.query(
        `WITH gone AS (DELETE FROM relations WHERE platform = $1
           AND (lower(username) = ANY($2::text[]) OR lower("of") = ANY($2::text[]))
           RETURNING platform, relation, "of", username)
         INSERT INTO deletions (platform, platform_id, kind, deleted_at, reason, run_id)
         SELECT platform, "of" || ' ' || relation || ' ' || username, 'relation', $3, $4, $5 FROM gone RETURNING 1`,
        common,
      );
      counts.relations = relations.rows.length;
      return counts;
    });
  }

  /** Counts per table and kind, runs with their coverage, and what is due for refresh. */
  async status(options: { now?: number } = {}): Promise<StoreStatus> {
    const now = options.now ?? this.#clock.now();
    const count = async (table: string) =>
      Number(
        (await this.#client.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${table}`)).rows[0]?.n ??
          0,
      );
    const counts = {} as StoreStatus["counts"];
    for (const table of [
      "content_records",
      "comments",
      "user_profiles",
      "relations",
      "playlist_entries",
      "engagement_snapshots",
      "deletions",
    ] as const) {
      counts[table] = await count(table);
    }
    const types = await this.#client.query<{ content_type: string; n: number }>(
      "SELECT content_type, count(*)::bigint AS n FROM content_records GROUP BY content_type ORDER BY content_type",
    );
    const runs = await this.#client.query<StoreStatus["runs"][number]>(
      `SELECT r.run_id, r.kind, r.status, r.records, r.updated_at,
         count(w.partition) FILTER (WHERE w.status = 'done')::bigint AS windows_done,
         count(w.partition)::bigint AS windows_total,
         min(w.window_since) FILTER (WHERE w.status = 'done') AS covered_since,
         max(w.window_until) FILTER (WHERE w.status = 'done') AS covered_until
       FROM collection_runs r LEFT JOIN collection_windows w ON w.run_id = r.run_id
       GROUP BY r.run_id ORDER BY r.started_at, r.run_id`,
    );
    const due = await this.#client.query<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM (${this.#dueSql({ now }).sql}) AS due`,
      this.#dueSql({ now }).params,
    );
    const stale = await this.#client.query<{ n: number }>(
      `SELECT count(*)::bigint AS n FROM content_records
       WHERE GREATEST(last_seen_at, COALESCE(last_checked_at, last_seen_at)) < $1::timestamptz`,
      [new Date(now - 15 * DAY_MS).toISOString()],
    );
    return {
      backend: this.backend,
      location: this.location,
      schemaVersion: await this.schemaVersion(),
      counts,
      contentTypes: Object.fromEntries(types.rows.map((r) => [r.content_type, Number(r.n)])),
      runs: runs.rows,
      dueForRefresh: Number(due.rows[0]?.n ?? 0),
      uncheckedPast15Days: Number(stale.rows[0]?.n ?? 0),
    };
  }

  /**
   * Streams a content table as UCR records (store columns left out), in the order they were first
   * stored, `batch` rows per query (memory flat however large the table).
   */
  async *exportRecords(
    table: "content_records" | "comments",
    filters: ExportFilters = {},
    options: { batch?: number } = {},
  ): AsyncIterable<ContentRecord> {
    for await (const row of this.#pages(table, filters, options.batch ?? 2_000)) yield rowToRecord(row);
  }

  /** Streams any table's rows as they are (every column), with the content filters where they apply. */
  async *exportRows(
    table: ExportTable,
    filters: ExportFilters = {},
    options: { batch?: number } = {},
  ): AsyncIterable<Record<string, unknown>> {
    yield* this.#pages(table, filters, options.batch ?? 2_000);
  }

  async *#pages(table: ExportTable, filters: ExportFilters, batch: number) {
    const content = table === "content_records" || table === "comments";
    const { where, params } = content
      ? contentWhere(table, filters)
      : { where: [] as string[], params: [] as unknown[] };
    if (!content && filters.platform && table !== "collection_runs" && table !== "collection_windows") {
      params.push(filters.platform);
      where.push(`c.platform = $${params.length}`);
    }
    if (
      !content &&
      filters.runId &&
      (table === "collection_windows" || table === "engagement_snapshots" || table === "collection_runs")
    ) {
      params.push(filters.runId);
      where.push(`c.run_id = $${params.length}`);
    }
    // Keyset paging on a unique order: no OFFSET scans, no long-lived cursor.
    const order = ORDER[table];
    let after: unknown[] | undefined;
    for (;;) {
      const p = [...params];
      const conditions = [...where];
      if (after) {
        const marks = after.map((v) => {
          p.push(v);
          return `$${p.length}`;
        });
        conditions.push(`(${order.map((c) => `c.${c}`).join(", ")}) > (${marks.join(", ")})`);
      }
      p.push(batch);
      const { rows } = await this.#client.query<Record<string, unknown>>(
        `SELECT * FROM ${table} c ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""}
         ORDER BY ${order.map((c) => `c.${c}`).join(", ")} LIMIT $${p.length}`,
        p,
      );
      for (const row of rows) yield row;
      if (rows.length < batch) return;
      const last = rows[rows.length - 1]!;
      after = order.map((c) => last[c.replaceAll('"', "")]);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.#client.close();
    } finally {
      await this.#onClose();
    }
  }
}

const ORDER: Record<ExportTable, string[]> = {
  content_records: ["record_seq"],
  comments: ["record_seq"],
  user_profiles: ["platform", "username"],
  relations: ["platform", "relation", '"of"', "username"],
  playlist_entries: ["platform", "playlist_id", "position"],
  engagement_snapshots: ["platform", "platform_id", "run_id"],
  collection_runs: ["run_id"],
  collection_windows: ["run_id", "partition"],
  deletions: ["deletion_id"],
};

export { SCHEMA_VERSION };
