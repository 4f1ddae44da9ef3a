// Records written as CSV by the command's encoder and read back by its `--in` reader: every text
// field exactly as it was, and no cell a spreadsheet would run as a formula.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, expect, it } from "vitest";
import { readRecords } from "../input/read-records.js";
import { csvEncoder } from "../output/record-encoder.js";

const dir = mkdtempSync(join(tmpdir(), "csv-round-trip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc
    .tuple(
      fc.constantFrom("", "'", "''"),
      fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\r\n", '"', ","),
      fc.string({ maxLength: 12 }),
    )
    .map(([a, b, c]) => a + b + c),
);

const record = fc
  .record({
    text_content: fc.option(text.filter((t) => t !== "")),
    title: fc.option(text.filter((t) => t !== "")),
    author_display_name: fc.option(text.filter((t) => t !== "")),
    term: text,
  })
  .map(
    ({ text_content, title, author_display_name, term }): ContentRecord => ({
      platform: "tiktok",
      arena: "social_media",
      platform_id: "7000000000000000001",
      content_type: "video",
      text_content,
      title,
      url: null,
      language: null,
      published_at: "2026-09-01T00:00:00Z",
      collected_at: "2026-11-24T10:00:00Z",
      author_platform_id: null,
      author_display_name,
      pseudonymized_author_id: null,
      views_count: 1,
      likes_count: null,
      shares_count: 0,
      comments_count: 0,
      engagement_score: null,
      raw_metadata: { id: "7000000000000000001" },
      media_urls: [],
      content_hash: null,
      search_terms_matched: [term],
      collection_tier: "free",
    }),
  );

let n = 0;
it("round-trips every text field exactly, with no formula cell in the file", async () => {
  const encoder = csvEncoder<ContentRecord>(CONTENT_RECORD_FIELDS);
  await fc.assert(
    fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 4 }), async (records) => {
      const file = join(dir, `r${n++}.csv`);
      const csv = encoder.header() + records.map((r) => encoder.encode(r)).join("");
      writeFileSync(file, csv);
      const cells = (parse(csv) as string[][]).slice(1).flat();
      for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(await readRecords(dir, file)).toEqual(records);
    }),
    { numRuns: 150 },
  );
});
