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
      await store.write("content", [video(id, { collected_at: "2026-09-21T00:00:00.000Z", views_count: 1 })], {
        runId: "run-3",
      });
      const after = await store.sql.query<{ views_count: number }>("SELECT views_count FROM content_records");
      expect(after.rows[0]!.views_count).toBe(500);
    } finally {
      await store.close();
    }
  });
});
