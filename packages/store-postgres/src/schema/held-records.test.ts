import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import { video } from "../../test-support/records.js";

const { backends } = useBackends();

const held = async (store: { sql: { query: <R>(q: string) => Promise<{ rows: R[] }> } }) => {
  const { rows } = await store.sql.query<{ first_run_id: string; content_type: string; records: number }>(
    "SELECT first_run_id, content_type, records FROM held_records WHERE records <> 0 ORDER BY 1, 2",
  );
  return rows;
};

describe.each(backends)("held_records and the last-check index on $name", (backend) => {
  it("counts the rows each run first found, per content type: upserts add only new rows, deletions take away", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      await store.write("content", [video("7400000000000000001"), video("7400000000000000002")], {
        runId: "run-1",
      });
      // Seen again by run-2 (an update: still run-1's), plus one new video and one photo.
      await store.write(
        "content",
        [
          video("7400000000000000002", { collected_at: "2026-09-21T08:00:00.000Z", views_count: 5 }),
          video("7400000000000000003"),
          video("7400000000000000004", { content_type: "photo" }),
        ],
        { runId: "run-2" },
      );
      expect(await held(store)).toEqual([
        { first_run_id: "run-1", content_type: "video", records: 2 },
        { first_run_id: "run-2", content_type: "photo", records: 1 },
        { first_run_id: "run-2", content_type: "video", records: 1 },
      ]);
      await store.deleteRecords("tiktok", ["7400000000000000001", "7400000000000000004"], "no longer served");
      expect(await held(store)).toEqual([
        { first_run_id: "run-1", content_type: "video", records: 1 },
        { first_run_id: "run-2", content_type: "video", records: 1 },
      ]);
      // The same as counting the rows themselves.
      const { rows } = await store.sql.query<{ first_run_id: string; n: number }>(
        "SELECT first_run_id, count(*)::int AS n FROM content_records GROUP BY 1 ORDER BY 1",
      );
      expect(rows).toEqual([
        { first_run_id: "run-1", n: 1 },
        { first_run_id: "run-2", n: 1 },
      ]);
    } finally {
      await store.close();
    }
  });

  it("the oldest last check is read from the expression index", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      await store.write("content", [video("7400000000000000001")], { runId: "run-1" });
      await store.sql.query("SET enable_seqscan = off");
      const { rows } = await store.sql.query<Record<string, string>>(
        `EXPLAIN SELECT GREATEST(last_seen_at, COALESCE(last_checked_at, last_seen_at)) FROM content_records
         WHERE content_type = 'video' ORDER BY 1 LIMIT 1`,
      );
      expect(rows.map((r) => Object.values(r)[0]).join("\n")).toMatch(/content_records_last_check/);
    } finally {
      await store.close();
    }
  });
});
