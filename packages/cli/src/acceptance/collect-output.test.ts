import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONTENT_RECORD_FIELDS, contentRecordSchema } from "@observatory/arena-core";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

const QUERY = ["--term", "klima", "--term", "#dkpol", "--since", "2026-09-01", "--until", "2026-10-01"];

describe("observatory tiktok collect → JSONL and CSV", () => {
  let fixture: EmulatorFixture;
  const work = tempDir();
  const run = (args: string[], extra: Record<string, string | undefined> = {}) =>
    runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env(extra)) });

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("writes valid UCR records as JSONL, the same IDs as CSV, and nothing to stdout with --out", async () => {
    const jsonl = await run(["tiktok", "collect", ...QUERY, "--out", "klima.jsonl"]);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    expect(jsonl.stdout).toBe("");
    const records = readJsonl(join(work.dir, "klima.jsonl"));
    expect(records.length).toBeGreaterThan(100);
    for (const record of records) contentRecordSchema.parse(record);
    const ids = idsOf(records);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d{15,20}$/);
    expect(jsonl.stderr).toMatch(/status\s+completed/);
    expect(jsonl.stderr).toMatch(/languages\s+da \d/);

    const csv = await run(["tiktok", "collect", ...QUERY, "--format", "csv", "--out", "klima.csv"]);
    expect(csv.code, csv.stderr).toBe(0);
    const text = readFileSync(join(work.dir, "klima.csv"), "utf8");
    const rows: string[][] = parse(text);
    expect(rows[0]).toEqual(CONTENT_RECORD_FIELDS);
    const header = rows[0]!;
    const body = rows.slice(1).map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
    expect(body.map((r) => r.platform_id)).toEqual(ids);
    // Arrays and raw_metadata are JSON cells; nulls are empty cells; counts are plain numbers.
    // (Two runs differ in collected_at, log_id and search_id; the rest of a record is the same.)
    for (const [i, row] of body.entries()) {
      const original = records[i]!;
      const meta = JSON.parse(row.raw_metadata!) as Record<string, unknown>;
      expect(meta.hashtag_names).toEqual((original.raw_metadata as Record<string, unknown>).hashtag_names);
      expect(JSON.parse(row.search_terms_matched!)).toEqual(original.search_terms_matched);
      expect(JSON.parse(row.media_urls!)).toEqual(original.media_urls);
      expect(row.title).toBe(original.title === null ? "" : original.title);
      expect(row.text_content).toBe(original.text_content);
      expect(row.published_at).toBe(original.published_at);
      expect(row.content_hash).toBe(original.content_hash);
      expect(row.language).toBe(original.language ?? "");
    }
  });

  it("writes clean JSONL to stdout when there is no --out, with progress and summary on stderr only", async () => {
    const result = await run(["tiktok", "collect", ...QUERY, "--max", "150"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(150);
    for (const line of lines) contentRecordSchema.parse(JSON.parse(line));
    expect(result.stderr).toMatch(/progress: /);
    expect(result.stderr).toMatch(/output\s+stdout/);
  });

  it("re-running a completed command collects nothing more and leaves the file as it was", async () => {
    const before = readFileSync(join(work.dir, "klima.jsonl"), "utf8");
    const again = await run(["tiktok", "collect", ...QUERY, "--out", "klima.jsonl"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/already completed/);
    const windows = /windows\s+(\d+)\/(\d+) done/.exec(again.stderr);
    expect(windows?.[1], "every window reported done").toBe(windows?.[2]);
    expect(Number(windows?.[1])).toBeGreaterThan(0);
    expect(readFileSync(join(work.dir, "klima.jsonl"), "utf8")).toBe(before);
  });

  it("refuses to write into a file it did not start, and into another run's file", async () => {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(work.dir, "mine.jsonl"), "precious\n");
    const foreign = await run(["tiktok", "collect", ...QUERY, "--out", "mine.jsonl"]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/--out .*mine\.jsonl already exists/);
    expect(readFileSync(join(work.dir, "mine.jsonl"), "utf8")).toBe("precious\n");

    const other = await run([
      "tiktok",
      "collect",
      ...QUERY,
      "--out",
      "klima.jsonl",
      "--run-id",
      "another-run",
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/belongs to run tiktok-terms-/);
  });

  it("collects an actors query", async () => {
    const top = fixture.emulator.corpus.users.find((u) => u.videoCount >= 5 && !u.isPrivate);
    expect(top).toBeDefined();
    const result = await run([
      "tiktok",
      "actors",
      "--actor",
      `@${top!.username}`,
      "--since",
      "2025-12-01",
      "--until",
      "2026-11-01",
      "--out",
      "actor.jsonl",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const records = readJsonl(join(work.dir, "actor.jsonl"));
    expect(records.length).toBeGreaterThan(0);
    // One author, pseudonymised (never the plain handle).
    expect(new Set(records.map((r) => r.pseudonymized_author_id)).size).toBe(1);
    expect(JSON.stringify(records)).not.toContain(top!.username);
  });
});
