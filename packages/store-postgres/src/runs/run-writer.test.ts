import type { Checkpoint } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import { videos } from "../../test-support/records.js";

const { backends } = useBackends();

const checkpoint = (partition: string, pages: number, done = false): Checkpoint => ({
  runId: "run-1",
  partition,
  cursor: String(pages * 100),
  searchId: "s-1",
  done,
  pages,
  records: pages * 10,
  updatedAt: "2026-09-20T08:00:00.000Z",
});

const count = async (store: { sql: { query: (s: string) => Promise<{ rows: unknown[] }> } }, table: string) =>
  Number(((await store.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as { n: number }).n);

describe.each(backends)("RunWriter on $name", (backend) => {
  it("writes a page's records only with its checkpoint, in one transaction", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      await store.runs.start({
        runId: "run-1",
        kind: "terms",
        platform: "tiktok",
        query: { terms: ["klima"] },
      });
      const writer = store.runWriter({ runId: "run-1", kind: "content" });
      const page = videos(10);
      for (const r of page) writer.add(r);
      await writer.commit({
        runId: "run-1",
        partition: "terms:2026-09-01..2026-09-08",
        ids: [],
        done: false,
      });
      // Ready, not yet written: the checkpoint has not come.
      expect(await count(store, "content_records")).toBe(0);
      await writer.checkpoints.put(checkpoint("terms:2026-09-01..2026-09-08", 1));
      expect(await count(store, "content_records")).toBe(10);
      expect(await store.checkpoints.get("run-1", "terms:2026-09-01..2026-09-08")).toMatchObject({
        cursor: "100",
        pages: 1,
      });
      const windows = await store.windows.list("run-1");
      expect(windows).toMatchObject([
        {
          partition: "terms:2026-09-01..2026-09-08",
          status: "running",
          pages: 1,
          records: 10,
          window_since: "2026-09-01T00:00:00.000Z",
          window_until: "2026-09-08T00:00:00.000Z",
        },
      ]);
      expect(writer.stats).toEqual({ inserted: 10, updated: 0, pages: 1 });
    } finally {
      await store.close();
    }
  });

  it("a checkpoint that fails to write takes the page's records with it (nothing half-committed)", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      const writer = store.runWriter({ runId: "run-1", kind: "content" });
      for (const r of videos(5)) writer.add(r);
      await writer.commit({ runId: "run-1", partition: "p", ids: [], done: false });
      await expect(
        writer.checkpoints.put({ ...checkpoint("p", 1), updatedAt: "not a time" }),
      ).rejects.toThrow(/nothing of this page was committed/);
      expect(await count(store, "content_records")).toBe(0);
      expect(await count(store, "checkpoints")).toBe(0);
    } finally {
      await store.close();
    }
  });

  it("records of a page that was never committed are dropped on close; committed ones without a checkpoint are kept", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      await store.runs.start({ runId: "run-1", kind: "terms", platform: "tiktok" });
      const writer = store.runWriter({ runId: "run-1", kind: "content" });
      const [a, b] = [videos(3), videos(4, 7_412_345_678_901_235_000n)];
      for (const r of a) writer.add(r);
      await writer.commit({ runId: "run-1", partition: "p", ids: [], done: true }); // max reached: no put follows
      for (const r of b) writer.add(r); // yielded, page never committed
      await writer.close("interrupted");
      expect(await count(store, "content_records")).toBe(3);
      expect(await store.runs.get("run-1")).toMatchObject({ status: "interrupted", records: 3 });
    } finally {
      await store.close();
    }
  });
});
