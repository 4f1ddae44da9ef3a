import { describe, expect, it } from "vitest";
import { useBackends } from "../test-support/backends.js";
import { video, videos } from "../test-support/records.js";

const { backends } = useBackends();

describe.each(backends)("RecordStore on $name", (backend) => {
  it("stores records exactly as given and reads them back (64-bit IDs as text)", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      const records = videos(3);
      const counts = await store.write("content", records, { runId: "run-1" });
      expect(counts).toEqual({ inserted: 3, updated: 0 });
      const back = [];
      for await (const r of store.exportRecords("content_records")) back.push(r);
      expect(back).toEqual(records);
    } finally {
      await store.close();
    }
  });

  it("upserts: a record seen again updates counts, collected_at, last_seen_at, unions terms, adds a snapshot", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      const id = "7412345678901234567";
      await store.write("content", [video(id)], { runId: "run-1" });
      const later = video(id, {
        collected_at: "2026-09-25T08:00:00.000Z",
        views_count: 500,
        search_terms_matched: ["#dkpol", "klima"],
      });
      const counts = await store.write("content", [later], { runId: "run-2" });
      expect(counts).toEqual({ inserted: 0, updated: 1 });
      const { rows } = await store.sql.query<Record<string, unknown>>("SELECT * FROM content_records");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        platform_id: id,
        views_count: 500,
        collected_at: "2026-09-25T08:00:00.000Z",
        first_collected_at: "2026-09-20T08:00:00.000Z",
        last_seen_at: "2026-09-25T08:00:00.000Z",
        search_terms_matched: ["klima", "#dkpol"],
        first_run_id: "run-1",
      });
      const snaps = await store.sql.query<{ run_id: string; views_count: number }>(
        "SELECT run_id, views_count FROM engagement_snapshots ORDER BY observed_at",
      );
      expect(snaps.rows).toEqual([
        { run_id: "run-1", views_count: 100 },
        { run_id: "run-2", views_count: 500 },
      ]);
      // An older observation arriving late changes neither counts nor collected_at.
      await store.write(
        "content",
        [video(id, { collected_at: "2026-09-21T00:00:00.000Z", views_count: 1 })],
        {
          runId: "run-3",
        },
      );
      const after = await store.sql.query<{ views_count: number }>("SELECT views_count FROM content_records");
      expect(after.rows[0]!.views_count).toBe(500);
    } finally {
      await store.close();
    }
  });

  it("due for refresh: published 10–15 days ago and not checked at that age; --all takes everything", async () => {
    const now = Date.parse("2026-09-30T00:00:00Z");
    const day = 86_400_000;
    const store = await backend.open(await backend.newLocation());
    try {
      const at = (daysAgo: number) => new Date(now - daysAgo * day).toISOString();
      const rows = [
        video("7000000000000000001", { published_at: at(9) }), // too young
        video("7000000000000000002", { published_at: at(11) }), // due
        video("7000000000000000003", { published_at: at(14.9) }), // due
        video("7000000000000000004", { published_at: at(16) }), // too old
        video("7000000000000000005", { published_at: at(12) }), // checked at 11 days of age: not due
        video("7000000000000000006", { published_at: at(13) }), // checked at 5 days of age: due
      ];
      await store.write("content", rows, { runId: "r" });
      await store.recordRefresh("tiktok", [], ["7000000000000000005"], { runId: "x", at: now - 1 * day });
      await store.recordRefresh("tiktok", [], ["7000000000000000006"], { runId: "x", at: now - 8 * day });
      const due = await store.dueForRefresh({ now, platform: "tiktok", contentType: "video" });
      expect(due.map((d) => d.platform_id)).toEqual([
        "7000000000000000003",
        "7000000000000000006",
        "7000000000000000002",
      ]);
      expect((await store.dueForRefresh({ now, all: true })).length).toBe(6);
      const status = await store.status({ now });
      expect(status.dueForRefresh).toBe(3);
      expect(status.counts.content_records).toBe(6);
      expect(status.counts.engagement_snapshots).toBe(6);
      // The selection is an index lookup once the table is more than a page or two (on six rows a
      // sequential scan is the cheaper plan, and PostgreSQL rightly takes it).
      await store.write("content", videos(3_000, 7_300_000_000_000_000_000n, { published_at: at(400) }), {
        runId: "filler",
      });
      await store.sql.exec("ANALYZE content_records");
      expect(await store.explainDue({ now })).toMatch(/content_records_published/);
      expect((await store.dueForRefresh({ now, platform: "tiktok", contentType: "video" })).length).toBe(3);
    } finally {
      await store.close();
    }
  });

  it("a refresh upserts counts with a 'refresh' snapshot and stamps last_checked_at; missing ones are checked too", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      const [a, b] = videos(2);
      await store.write("content", [a!, b!], { runId: "collect" });
      const fresh = { ...a!, views_count: 999, collected_at: "2026-09-29T00:00:00.000Z" };
      const counts = await store.recordRefresh("tiktok", [fresh], [a!.platform_id, b!.platform_id], {
        runId: "refresh-1",
        at: Date.parse("2026-09-29T00:00:01Z"),
      });
      expect(counts).toEqual({ inserted: 0, updated: 1 });
      const { rows } = await store.sql.query<{
        platform_id: string;
        views_count: number;
        last_checked_at: string;
      }>("SELECT platform_id, views_count, last_checked_at FROM content_records ORDER BY platform_id");
      expect(rows).toEqual([
        { platform_id: a!.platform_id, views_count: 999, last_checked_at: "2026-09-29T00:00:01.000Z" },
        { platform_id: b!.platform_id, views_count: 100, last_checked_at: "2026-09-29T00:00:01.000Z" },
      ]);
      const snaps = await store.sql.query(
        "SELECT source FROM engagement_snapshots WHERE run_id = 'refresh-1'",
      );
      expect(snaps.rows).toEqual([{ source: "refresh" }]);
    } finally {
      await store.close();
    }
  });

  it("forget deletes every row that names a person and logs each deletion without content", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      const pseudonym = "c".repeat(64);
      await store.write(
        "content",
        [
          video("7000000000000000001", { pseudonymized_author_id: pseudonym }),
          video("7000000000000000002"),
          video("7000000000000000003", { content_type: "comment", pseudonymized_author_id: pseudonym }),
          video("7000000000000000004", {
            author_platform_id: "PublicFigure",
            pseudonymized_author_id: "PublicFigure",
          }),
        ],
        { runId: "r" },
      );
      await store.write(
        "relation",
        [
          {
            platform: "tiktok",
            relation: "follower",
            username: pseudonym,
            username_pseudonymized: true,
            display_name: null,
            of: "someone",
            of_pseudonymized: false,
            collected_at: "2026-09-20T00:00:00.000Z",
          },
          {
            platform: "tiktok",
            relation: "follower",
            username: "other",
            username_pseudonymized: false,
            display_name: null,
            of: "someone",
            of_pseudonymized: false,
            collected_at: "2026-09-20T00:00:00.000Z",
          },
        ],
        { runId: "r" },
      );
      await store.write(
        "profile",
        [
          {
            platform: "tiktok",
            username: "publicfigure",
            status: "ok",
            collectedAt: "2026-09-20T00:00:00.000Z",
            followerCount: 5,
          },
        ],
        { runId: "r" },
      );
      const counts = await store.forget({
        platform: "tiktok",
        identities: [pseudonym, "@publicfigure"],
        reason: "data subject request",
      });
      expect(counts).toEqual({
        content_records: 2,
        comments: 1,
        user_profiles: 1,
        relations: 1,
        engagement_snapshots: 2,
      });
      const left = await store.sql.query<{ platform_id: string }>("SELECT platform_id FROM content_records");
      expect(left.rows.map((r) => r.platform_id)).toEqual(["7000000000000000002"]);
      const log = await store.sql.query<Record<string, unknown>>(
        "SELECT platform_id, kind, reason FROM deletions ORDER BY kind DESC, platform_id",
      );
      expect(log.rows).toEqual([
        { platform_id: `someone follower ${pseudonym}`, kind: "relation", reason: "data subject request" },
        { platform_id: "publicfigure", kind: "profile", reason: "data subject request" },
        { platform_id: "7000000000000000001", kind: "content", reason: "data subject request" },
        { platform_id: "7000000000000000004", kind: "content", reason: "data subject request" },
        { platform_id: "7000000000000000003", kind: "comment", reason: "data subject request" },
      ]);
    } finally {
      await store.close();
    }
  });

  it("exports page through the table in the order records were first stored, with filters", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      const early = videos(5, 7_100_000_000_000_000_000n, { published_at: "2026-08-01T00:00:00.000Z" });
      const late = videos(7, 7_200_000_000_000_000_000n, { published_at: "2026-09-15T00:00:00.000Z" });
      await store.write("content", early, { runId: "run-a" });
      await store.write("content", late, { runId: "run-b" });
      const all = [];
      for await (const r of store.exportRecords("content_records", {}, { batch: 3 })) all.push(r.platform_id);
      expect(all).toEqual([...early, ...late].map((r) => r.platform_id));
      const since = [];
      for await (const r of store.exportRecords("content_records", { since: "2026-09-01" }, { batch: 2 }))
        since.push(r);
      expect(since).toEqual(late);
      const byRun = [];
      for await (const r of store.exportRecords("content_records", { runId: "run-a" })) byRun.push(r);
      expect(byRun).toEqual(early);
    } finally {
      await store.close();
    }
  });
});
