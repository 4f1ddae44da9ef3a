import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import { videos } from "../../test-support/records.js";
import { analyzeIfGrown } from "./keep-statistics.js";

const { backends } = useBackends();
const pglite = backends.find((b) => b.name === "pglite")!;

const reltuples = async (store: Awaited<ReturnType<typeof pglite.open>>) =>
  (
    await store.sql.query<{ n: number }>(
      "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'content_records'::regclass",
    )
  ).rows[0]!.n;

describe("planner statistics on PGlite (no autovacuum)", () => {
  it("a writer that grew a table by more than 10 % analyses it when it closes; a small one does not", async () => {
    const store = await pglite.open(await pglite.newLocation());
    try {
      const small = store.runWriter({ runId: "small", kind: "content" });
      for (const record of videos(50)) small.add(record);
      await small.commit({ runId: "small", partition: "p", ids: [], done: true });
      await small.close("completed");
      expect(await reltuples(store)).toBeLessThanOrEqual(0); // never analysed with rows: 50 since, not yet

      const big = store.runWriter({ runId: "big", kind: "content" });
      for (const record of videos(1_500, 7_300_000_000_000_000_000n)) big.add(record);
      await big.commit({ runId: "big", partition: "p", ids: [], done: true });
      await big.close("completed");
      expect(await reltuples(store)).toBe(1_550);

      // 200 more rows are less than 10 % of 1,550 + 1,000-row floor: left to the next big write.
      expect(await analyzeIfGrown(store.sql, ["content_records"], 200)).toEqual([]);
      expect(await analyzeIfGrown(store.sql, ["content_records", "comments"], 5_000)).toEqual([
        "content_records",
        "comments",
      ]);
    } finally {
      await store.close();
    }
  });

  it("a server's autovacuum keeps them: nothing is analysed there", async () => {
    const server = backends.find((b) => b.name === "postgres");
    if (!server) return; // no PostgreSQL binaries here (a failure with CI=true, in useBackends)
    const store = await server.open(await server.newLocation());
    try {
      expect(await analyzeIfGrown(store.sql, ["content_records"], 1_000_000)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
