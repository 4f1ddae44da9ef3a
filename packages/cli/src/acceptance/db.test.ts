import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONTENT_RECORD_FIELDS, contentRecordSchema } from "@observatory/arena-core";
import { openStore } from "@observatory/store-postgres";
import { parse } from "csv-parse/sync";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cleanEnv, readJsonl, runCliProcess, tempDir } from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

const QUERY = ["--term", "klima", "--since", "2026-09-01", "--until", "2026-09-22"];

/** A record without what differs between two runs of one query (times, the emulator's log and search IDs). */
const stable = (record: Record<string, unknown>) => {
  const { collected_at: _c, raw_metadata, ...rest } = record;
  const {
    log_id: _l,
    search_id: _s,
    engagement_collected_at: _e,
    // Which request found a record: adaptive window plans learn from the query's history, so a second
    // run of the same query may find it in another window (the records themselves are the same).
    request_fingerprint: _f,
    page_cursor: _p,
    ...meta
  } = raw_metadata as Record<string, unknown>;
  return { ...rest, raw_metadata: meta };
};
const byId = (records: Record<string, unknown>[]) =>
  new Map(records.map((r) => [String(r.platform_id), r] as const));

describe("observatory … --db (the store) and observatory db", () => {
  let fixture: EmulatorFixture;
  const work = tempDir();
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env(extra)) });

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("collect --db then db export gives the same records as --out (same run, and a separate --out run)", async () => {
    const both = await run(["tiktok", "collect", ...QUERY, "--out", "both.jsonl", "--db", "both.db"]);
    expect(both.code, both.stderr).toBe(0);
    const alone = await run(["tiktok", "collect", ...QUERY, "--db", "study.db"]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toBe(""); // --db instead of --out: nothing on stdout
    const file = await run(["tiktok", "collect", ...QUERY, "--out", "file.jsonl"]);
    expect(file.code, file.stderr).toBe(0);

    const exportBoth = await run([
      "db",
      "export",
      "--db",
      "both.db",
      "--format",
      "jsonl",
      "--out",
      "both-export.jsonl",
    ]);
    expect(exportBoth.code, exportBoth.stderr).toBe(0);
    const written = readJsonl(join(work.dir, "both.jsonl"));
    const exported = readJsonl(join(work.dir, "both-export.jsonl"));
    expect(written.length).toBeGreaterThan(100);
    // The same run into a file and the store: record for record equal (JSON key order aside).
    expect(byId(exported)).toEqual(byId(written));
    for (const record of exported) contentRecordSchema.parse(record);

    // db export to stdout (the acceptance's command) from the store-only run, against the --out run.
    const exportAlone = await run(["db", "export", "--db", "study.db", "--format", "jsonl"]);
    expect(exportAlone.code, exportAlone.stderr).toBe(0);
    const fromStore = exportAlone.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const fromFile = readJsonl(join(work.dir, "file.jsonl"));
    expect([...byId(fromStore).keys()].sort()).toEqual([...byId(fromFile).keys()].sort());
    const fileById = byId(fromFile);
    for (const record of fromStore)
      expect(stable(record)).toEqual(stable(fileById.get(String(record.platform_id))!));
  });

  it("a second collection of the same query into the store adds no row, a snapshot per record, and unions terms", async () => {
    const first = await run(["db", "status", "--db", "study.db", "--json"]);
    const before = JSON.parse(first.stdout) as { counts: Record<string, number> };
    const again = await run(["tiktok", "collect", ...QUERY, "--db", "study.db", "--run-id", "second-look"]);
    expect(again.code, again.stderr).toBe(0);
    const wider = await run([
      "tiktok",
      "collect",
      "--term",
      "klima",
      "--term",
      "energi",
      "--since",
      "2026-09-01",
      "--until",
      "2026-09-08",
      "--db",
      "study.db",
    ]);
    expect(wider.code, wider.stderr).toBe(0);
    const store = await openStore(join(work.dir, "study.db"));
    try {
      const status = await store.status();
      expect(status.counts.content_records).toBeGreaterThanOrEqual(before.counts.content_records!);
      const dupes = await store.sql.query(
        "SELECT platform_id FROM content_records GROUP BY platform, platform_id HAVING count(*) > 1",
      );
      expect(dupes.rows).toEqual([]);
      const seenTwice = await store.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM engagement_snapshots WHERE run_id = 'second-look'",
      );
      expect(seenTwice.rows[0]!.n).toBe(before.counts.content_records);
      const terms = await store.sql.query<{ search_terms_matched: string[] }>(
        "SELECT search_terms_matched FROM content_records WHERE 'energi' = ANY(search_terms_matched) AND 'klima' = ANY(search_terms_matched) LIMIT 1",
      );
      expect(terms.rows.length).toBe(1);
      const runs = await store.runs.list();
      expect(runs.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
      expect(JSON.stringify(runs)).toContain("--db");
    } finally {
      await store.close();
    }
  });

  it("db export: CSV has the UCR header; Parquet reads back with IDs as strings; filters apply", async () => {
    const csv = await run(["db", "export", "--db", "both.db", "--format", "csv", "--out", "both.csv"]);
    expect(csv.code, csv.stderr).toBe(0);
    const rows: string[][] = parse(readFileSync(join(work.dir, "both.csv"), "utf8"));
    expect(rows[0]).toEqual(CONTENT_RECORD_FIELDS);
    const written = readJsonl(join(work.dir, "both.jsonl"));
    expect(
      rows
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(written.map((r) => String(r.platform_id)).sort());

    const pq = await run([
      "db",
      "export",
      "--db",
      "both.db",
      "--format",
      "parquet",
      "--out",
      "both.parquet",
      "--batch",
      "50",
    ]);
    expect(pq.code, pq.stderr).toBe(0);
    const buffer = readFileSync(join(work.dir, "both.parquet"));
    const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    const objects = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(objects.length).toBe(written.length);
    const original = byId(written);
    for (const row of objects) {
      expect(typeof row.platform_id).toBe("string");
      const record = original.get(row.platform_id as string)!;
      expect(record).toBeDefined();
      expect(row.views_count === null ? null : Number(row.views_count)).toBe(record.views_count);
      expect(JSON.parse(row.raw_metadata as string)).toEqual(record.raw_metadata);
      expect((row.published_at as Date).toISOString()).toBe(record.published_at);
      expect(JSON.parse(row.search_terms_matched as string)).toEqual(record.search_terms_matched);
    }

    const since = await run(["db", "export", "--db", "both.db", "--since", "2026-09-15"]);
    const sinceRecords = since.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(sinceRecords.length).toBe(written.filter((r) => String(r.published_at) >= "2026-09-15").length);
    const runs = await run(["db", "export", "--db", "both.db", "--table", "collection_runs"]);
    expect(runs.stdout).toContain('"status":"completed"');
    const bad = await run(["db", "export", "--db", "both.db", "--table", "secrets"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--table secrets is not a table of the store/);
  });

  it("db status shows counts, runs with coverage; db migrate says up to date", async () => {
    const status = await run(["db", "status", "--db", "both.db"]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/content\s+\d+ \(video \d+\)/);
    expect(status.stdout).toMatch(/due for refresh\s+\d+/);
    expect(status.stdout).toMatch(/covered 2026-09-01\.\.2026-09-22/);
    const migrate = await run(["db", "migrate", "--db", "both.db"]);
    expect(migrate.code, migrate.stderr).toBe(0);
    const latest = /schema v(\d+), up to date/.exec(migrate.stderr)?.[1];
    expect(latest, migrate.stderr).toBeDefined();
    const fresh = await run(["db", "migrate", "--db", "fresh.db"]);
    expect(fresh.stderr).toMatch(new RegExp(`applied v1: [^]*schema v0 → v${latest}`));
  });

  it("refresh --db --all refreshes in place: a 'refresh' snapshot per video and last_checked_at", async () => {
    const refresh = await run(["tiktok", "refresh", "--db", "both.db", "--all"]);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stderr).toMatch(/refreshed\s+\d+ of \d+ videos/);
    const store = await openStore(join(work.dir, "both.db"));
    try {
      const { rows } = await store.sql.query<{ total: number; checked: number; snaps: number }>(
        `SELECT count(*)::int AS total, count(last_checked_at)::int AS checked,
           (SELECT count(*)::int FROM engagement_snapshots WHERE source = 'refresh') AS snaps FROM content_records`,
      );
      expect(rows[0]!.checked).toBe(rows[0]!.total);
      expect(rows[0]!.snaps).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    const due = await run(["tiktok", "refresh", "--db", "both.db"]);
    expect(due.code, due.stderr).toBe(0);
    expect(due.stderr).toMatch(/no video is due|refreshed/);
  });

  it("user, followers and comments go to their tables; forget --db deletes a person's rows and logs it", async () => {
    const account = fixture.emulator.corpus.users.find(
      (u) => !u.isPrivate && u.followerCount > 5 && u.videoCount > 3,
    )!;
    const user = await run(["tiktok", "user", account.username, "--db", "people.db"]);
    expect(user.code, user.stderr).toBe(0);
    const followers = await run([
      "tiktok",
      "followers",
      account.username,
      "--max",
      "30",
      "--db",
      "people.db",
    ]);
    expect(followers.code, followers.stderr).toBe(0);
    const written = readJsonl(join(work.dir, "both.jsonl"));
    const withComments = written.filter((r) => Number(r.comments_count) > 0).slice(0, 2);
    const comments = await run([
      "tiktok",
      "comments",
      ...withComments.flatMap((r) => ["--video", String(r.platform_id)]),
      "--db",
      "people.db",
    ]);
    expect(comments.code, comments.stderr).toBe(0);
    const actors = await run([
      "tiktok",
      "actors",
      "--actor",
      account.username,
      "--since",
      "2026-01-01",
      "--until",
      "2026-11-01",
      "--db",
      "people.db",
    ]);
    expect(actors.code, actors.stderr).toBe(0);
    let store = await openStore(join(work.dir, "people.db"));
    let before: Awaited<ReturnType<typeof store.status>>;
    try {
      before = await store.status();
      expect(before.counts.user_profiles).toBe(1);
      expect(before.counts.relations).toBeGreaterThan(0);
      expect(before.counts.comments).toBeGreaterThan(0);
      expect(before.counts.content_records).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    const forget = await run(["tiktok", "forget", account.username, "--db", "people.db"]);
    expect(forget.code, forget.stderr).toBe(0);
    store = await openStore(join(work.dir, "people.db"));
    try {
      const after = await store.status();
      expect(after.counts.user_profiles).toBe(0);
      expect(after.counts.relations).toBe(0); // every edge names the account
      expect(after.counts.content_records).toBe(0); // the account's own videos
      expect(after.counts.deletions).toBeGreaterThanOrEqual(
        before.counts.relations + before.counts.content_records + 1,
      );
      const log = await store.sql.query("SELECT * FROM deletions LIMIT 1");
      expect(Object.keys(log.rows[0]!).sort()).toEqual([
        "deleted_at",
        "deletion_id",
        "kind",
        "platform",
        "platform_id",
        "reason",
        "run_id",
      ]);
    } finally {
      await store.close();
    }
  });

  it("a bad --db or DATABASE_URL is exit 2 naming it, the password never printed", async () => {
    const malformed = await run(["tiktok", "collect", ...QUERY, "--db"], {
      DATABASE_URL: "postgres://u:hunter2-s3cret@/nodb",
    });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/DATABASE_URL/);
    expect(malformed.stderr + malformed.stdout).not.toContain("hunter2-s3cret");
    const unreachable = await run(["db", "status", "--db", "postgres://u:hunter2-s3cret@127.0.0.1:1/obs"]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(
      /--db postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/obs: cannot open the database/,
    );
    expect(unreachable.stderr + unreachable.stdout).not.toContain("hunter2-s3cret");
    const none = await run(["db", "status"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--db needs a location/);
    const file = await run(["tiktok", "collect", ...QUERY, "--db", "both.jsonl/inside"]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/--db .*both\.jsonl\/inside: cannot create the database directory \(ENOTDIR/);
  });
});
