import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import { video } from "../../test-support/records.js";

const { backends } = useBackends();

type Store = { sql: { query: <R>(q: string) => Promise<{ rows: R[] }> } };
const days = async (store: Store) => {
  const { rows } = await store.sql.query<{ day: string; videos: number; refreshed: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, videos::int AS videos, refreshed::int AS refreshed FROM video_days
     WHERE videos <> 0 OR refreshed <> 0 ORDER BY day`,
  );
  return rows;
};
const at = (iso: string) => Date.parse(iso);

describe.each(backends)("video_days (migration 3) on $name", (backend) => {
  it("counts held videos per day of publication and those checked by ID at 10–15 days, once each", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      await store.write(
        "content",
        [
          video("7400000000000000001", { published_at: "2026-09-01T12:00:00.000Z" }),
          video("7400000000000000002", { published_at: "2026-09-01T23:30:00.000Z" }),
          video("7400000000000000003", { published_at: "2026-09-02T00:30:00.000Z" }),
          video("7400000000000000004", { published_at: "2026-09-01T10:00:00.000Z", content_type: "photo" }),
        ],
        { runId: "run-1" },
      );
      expect(await days(store)).toEqual([
        { day: "2026-09-01", videos: 2, refreshed: 0 },
        { day: "2026-09-02", videos: 1, refreshed: 0 },
      ]);
      // Checked at 2026-09-12 00:00: ...01 is 10.5 days old, ...02 10 days and 30 minutes (in the window);
      // ...03 is 9.98 days old (not yet).
      const ids = ["7400000000000000001", "7400000000000000002", "7400000000000000003"];
      await store.recordRefresh("tiktok", [], ids, { runId: "refresh-1", at: at("2026-09-12T00:00:00Z") });
      expect(await days(store)).toEqual([
        { day: "2026-09-01", videos: 2, refreshed: 2 },
        { day: "2026-09-02", videos: 1, refreshed: 0 },
      ]);
      // A second check in the window counts no video twice; ...03 enters its window now.
      await store.recordRefresh("tiktok", [], ids, { runId: "refresh-2", at: at("2026-09-13T00:00:00Z") });
      // Checked again after the window: changes nothing.
      await store.recordRefresh("tiktok", [], ids, { runId: "refresh-3", at: at("2026-09-25T00:00:00Z") });
      expect(await days(store)).toEqual([
        { day: "2026-09-01", videos: 2, refreshed: 2 },
        { day: "2026-09-02", videos: 1, refreshed: 1 },
      ]);
      // A corrected publication time moves the video, with its mark, to its new day.
      await store.write(
        "content",
        [
          video("7400000000000000002", {
            published_at: "2026-09-03T08:00:00.000Z",
            collected_at: "2026-09-26T08:00:00.000Z",
          }),
        ],
        { runId: "run-2" },
      );
      expect(await days(store)).toEqual([
        { day: "2026-09-01", videos: 1, refreshed: 1 },
        { day: "2026-09-02", videos: 1, refreshed: 1 },
        { day: "2026-09-03", videos: 1, refreshed: 1 },
      ]);
      await store.deleteRecords("tiktok", ["7400000000000000001", "7400000000000000004"], "no longer served");
      expect(await days(store)).toEqual([
        { day: "2026-09-02", videos: 1, refreshed: 1 },
        { day: "2026-09-03", videos: 1, refreshed: 1 },
      ]);
      // Held again after its deletion: a new video, not refreshed yet.
      await store.write("content", [video("7400000000000000001")], { runId: "run-3" });
      expect(await days(store)).toEqual([
        { day: "2026-09-01", videos: 1, refreshed: 0 },
        { day: "2026-09-02", videos: 1, refreshed: 1 },
        { day: "2026-09-03", videos: 1, refreshed: 1 },
      ]);
      // The videos per day are the rows themselves.
      const { rows } = await store.sql.query<{ day: string; n: number }>(
        `SELECT to_char((published_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
         FROM content_records WHERE content_type = 'video' GROUP BY 1 ORDER BY 1`,
      );
      expect(rows.map((r) => ({ day: r.day, videos: r.n }))).toEqual(
        (await days(store)).map((d) => ({ day: d.day, videos: d.videos })),
      );
    } finally {
      await store.close();
    }
  });
});
