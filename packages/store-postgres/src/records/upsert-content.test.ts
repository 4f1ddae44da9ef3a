import type { ContentRecord } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { useBackends } from "../../test-support/backends.js";
import { video, videos } from "../../test-support/records.js";
import { UPSERT_BATCH, upsertContent } from "./upsert-content.js";

const { backends } = useBackends();

/** Values that COPY's text format must escape: every one must come back exactly as written. */
const awkward: ContentRecord = video("7412345678901234599", {
  text_content: 'tab\there, newline\nthere, return\r, backslash \\ and \\N, "quotes", NUL-free ünïcødé 🎉',
  title: "\\N",
  url: null,
  author_display_name: "a\\tb",
  engagement_score: 1e-7,
  views_count: 9_007_199_254_740_991,
  raw_metadata: {
    text: 'line1\nline2\t"q" \\ back',
    id: "7412345678901234599",
    nested: { list: ["a\\b", "c\nd", null, 1.5] },
  },
  media_urls: ['https://x/"a",b', "back\\slash", "{braces}", "NULL", ""],
  search_terms_matched: ["#dkpol", 'say "hi"', "a,b", "tab\tin"],
});

describe.each(backends)("upsertContent (COPY into a staging table) on $name", (backend) => {
  it("every value comes back exactly as written: tabs, newlines, backslashes, quotes, \\N, arrays", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      expect(await store.write("content", [awkward], { runId: "run-1" })).toEqual({
        inserted: 1,
        updated: 0,
      });
      const back = [];
      for await (const r of store.exportRecords("content_records")) back.push(r);
      expect(back).toEqual([awkward]);
    } finally {
      await store.close();
    }
  });

  it("a write larger than one batch, comments mixed in, and two writes in one transaction: exact counts, no row twice", async () => {
    const store = await backend.open(await backend.newLocation());
    try {
      const many = videos(UPSERT_BATCH + 7);
      const comments = videos(3, 7_500_000_000_000_000_000n, { content_type: "comment" });
      expect(await store.write("content", [...many, ...comments], { runId: "run-1" })).toEqual({
        inserted: UPSERT_BATCH + 10,
        updated: 0,
      });
      const again = await store.sql.transaction(async (tx) => {
        const first = await upsertContent(tx, many.slice(0, 5), { runId: "run-2" });
        const second = await upsertContent(tx, [...videos(2, 7_600_000_000_000_000_000n), comments[0]!], {
          runId: "run-2",
        });
        return [first, second];
      });
      expect(again).toEqual([
        { inserted: 0, updated: 5 },
        { inserted: 2, updated: 1 },
      ]);
      const { rows } = await store.sql.query<{ content: number; comments: number; snapshots: number }>(
        `SELECT (SELECT count(*)::int FROM content_records) AS content, (SELECT count(*)::int FROM comments) AS comments,
                (SELECT count(*)::int FROM engagement_snapshots) AS snapshots`,
      );
      expect(rows[0]).toEqual({ content: UPSERT_BATCH + 9, comments: 3, snapshots: UPSERT_BATCH + 7 + 7 });
    } finally {
      await store.close();
    }
  });
});
