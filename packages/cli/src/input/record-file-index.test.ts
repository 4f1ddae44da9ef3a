import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { csvEncoder } from "../output/record-encoder.js";
import { UsageError } from "../usage-error.js";
import { readRecords } from "./read-records.js";
import { RecordFileIndex } from "./record-file-index.js";

const record = (id: string, text: string, published: string | null = "2026-11-01T12:00:00.000Z") =>
  ({
    platform: "tiktok",
    arena: "social_media",
    platform_id: id,
    content_type: "video",
    text_content: text,
    title: null,
    url: `https://www.tiktok.com/@/video/${id}`,
    language: "da",
    published_at: published,
    collected_at: "2026-11-24T10:00:00.000Z",
    author_platform_id: null,
    author_display_name: null,
    pseudonymized_author_id: null,
    views_count: 1,
    likes_count: 2,
    shares_count: 3,
    comments_count: 4,
    engagement_score: 1.5,
    raw_metadata: { note: "æøå 🙂" },
    media_urls: [],
    content_hash: null,
    search_terms_matched: [],
    collection_tier: "free",
  }) as ContentRecord;

// Multi-byte text, a multi-line CSV cell, a record without a date, one given twice, a comment (not selected).
const RECORDS = [
  record("7300000000000000001", "Hygge i regnvejr 🙂"),
  record("7300000000000000002", 'to linjer\nmed "citat", og komma', null),
  { ...record("7300000000000000003", "a comment"), content_type: "comment" } as ContentRecord,
  record("7300000000000000004", "første udgave"),
  record("7300000000000000004", "anden udgave"),
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "record-index-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const videos = { flag: "--in", select: (r: ContentRecord) => r.content_type === "video" };

describe("RecordFileIndex", () => {
  it("reads back exactly the records readRecords reads, from JSONL (CRLF and blank lines too) and CSV", async () => {
    const jsonl = RECORDS.map((r) => JSON.stringify(r)).join("\r\n\n");
    const csv = csvEncoder<ContentRecord>(CONTENT_RECORD_FIELDS);
    writeFileSync(join(dir, "in.jsonl"), jsonl); // no final newline either
    writeFileSync(join(dir, "in.csv"), csv.header() + RECORDS.map((r) => csv.encode(r)).join(""));
    for (const file of ["in.jsonl", "in.csv"]) {
      const expected = new Map((await readRecords(dir, file)).map((r) => [r.platform_id, r]));
      const index = await RecordFileIndex.open(dir, file, videos);
      expect(index.ids(), file).toEqual([
        "7300000000000000001",
        "7300000000000000002",
        "7300000000000000004",
      ]);
      expect(index.size).toBe(3);
      const read = await index.read([...index.ids(), "7300000000000000003", "7399999999999999999"]);
      expect([...read.keys()].sort()).toEqual(index.ids().sort()); // not the comment, not an unknown ID
      for (const [id, got] of read) expect(got, `${file} ${id}`).toEqual(expected.get(id));
      expect(read.get("7300000000000000004")!.text_content).toBe("anden udgave"); // the last occurrence
      expect(index.publishedAt("7300000000000000001")).toBe(Date.parse("2026-11-01T12:00:00.000Z"));
      expect(index.publishedAt("7300000000000000002")).toBeNull();
      expect(index.publishedAt("7300000000000000003")).toBeUndefined();
    }
  });

  it("names the line of a bad record while indexing, and refuses to read back a file that changed", async () => {
    const path = join(dir, "in.jsonl");
    writeFileSync(path, `${JSON.stringify(RECORDS[0])}\n{"platform_id": 12}\n`);
    await expect(RecordFileIndex.open(dir, "in.jsonl", videos)).rejects.toThrow(
      /--in in\.jsonl line 2: not a content record/,
    );

    writeFileSync(path, `${JSON.stringify(RECORDS[0])}\n${JSON.stringify(RECORDS[1])}\n`);
    const index = await RecordFileIndex.open(dir, "in.jsonl", videos);
    writeFileSync(path, `${JSON.stringify(RECORDS[1])}\n${JSON.stringify(RECORDS[0])}\n`);
    const error = await index.read(["7300000000000000002"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/changed while it was being refreshed|not JSON/);
  });
});
