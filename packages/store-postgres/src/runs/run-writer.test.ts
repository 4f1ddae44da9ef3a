import type { Checkpoint } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import { videos } from "../../test-support/records.js";
import { writeError } from "../errors/classify-error.js";
import { StoreWriteError } from "../errors/store-errors.js";
import type { SqlClient } from "../sql/sql-client.js";
import { RunWriter } from "./run-writer.js";

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

  it("a full disk: a typed, non-retryable StoreWriteError; committed pages kept, the failed page not half-written; the resume completes", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      let failNext: unknown;
      const faulty: SqlClient = {
        ...store.sql,
        backend: store.sql.backend,
        query: (sql, params) => store.sql.query(sql, params),
        exec: (sql) => store.sql.exec(sql),
        close: () => store.sql.close(),
        transaction: (fn) =>
          store.sql.transaction(async (tx) => {
            const value = await fn(tx);
            if (failNext) {
              const error = failNext;
              failNext = undefined;
              throw error; // after the writes, before COMMIT: the transaction rolls back
            }
            return value;
          }),
      };
      const writer = new RunWriter(faulty, store.runs, {
        runId: "run-1",
        kind: "content",
        onWriteError: (e) => writeError(e, store.location),
        sleep: async () => undefined,
      });
      const pages = [videos(4), videos(4, 7_412_345_678_901_235_000n)];
      for (const r of pages[0]!) writer.add(r);
      await writer.commit({ runId: "run-1", partition: "p", ids: [], done: false });
      await writer.checkpoints.put(checkpoint("p", 1));
      for (const r of pages[1]!) writer.add(r);
      await writer.commit({ runId: "run-1", partition: "p", ids: [], done: false });
      failNext = Object.assign(new Error("could not extend file: No space left on device"), {
        code: "53100",
      });
      const error = await writer.checkpoints.put(checkpoint("p", 2)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreWriteError);
      expect(error).toMatchObject({ retryable: false, failureType: "data" });
      expect((error as Error).message).toMatch(/the disk is full.*nothing of this page was committed/);
      expect(await count(store, "content_records")).toBe(4);
      expect((await store.checkpoints.get("run-1", "p"))?.pages).toBe(1);
      // The resume: the collector fetches page 2 again from the saved checkpoint.
      const resumed = store.runWriter({ runId: "run-1", kind: "content" });
      for (const r of pages[1]!) resumed.add(r);
      await resumed.commit({ runId: "run-1", partition: "p", ids: [], done: true });
      await resumed.checkpoints.put(checkpoint("p", 2, true));
      expect(await count(store, "content_records")).toBe(8);
    } finally {
      await store.close();
    }
  });

  it("a lost connection (a restarted server): the page's transaction is tried again and commits once", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      let failures = 2;
      const faulty: SqlClient = {
        backend: store.sql.backend,
        query: (sql, params) => store.sql.query(sql, params),
        exec: (sql) => store.sql.exec(sql),
        tryHoldLock: (name, n) => store.sql.tryHoldLock(name, n),
        close: () => store.sql.close(),
        transaction: (fn) =>
          store.sql.transaction(async (tx) => {
            const value = await fn(tx);
            if (failures-- > 0)
              throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
            return value;
          }),
      };
      const writer = new RunWriter(faulty, store.runs, {
        runId: "run-1",
        kind: "content",
        sleep: async () => undefined,
      });
      for (const r of videos(6)) writer.add(r);
      await writer.commit({ runId: "run-1", partition: "p", ids: [], done: true });
      await writer.checkpoints.put(checkpoint("p", 1, true));
      expect(await count(store, "content_records")).toBe(6);
      expect(await count(store, "engagement_snapshots")).toBe(6);
      expect(writer.stats).toEqual({ inserted: 6, updated: 0, pages: 1 });
    } finally {
      await store.close();
    }
  });
});
