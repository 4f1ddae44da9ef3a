import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../usage-error.js";
import { FileOutput } from "./file-output.js";
import { lockPath } from "./output-lock.js";
import { csvEncoder, jsonlEncoder } from "./record-encoder.js";
import { sidecarPath } from "./resume-sidecar.js";

interface Rec {
  platform_id: string;
  language: string | null;
  text: string;
}

const rec = (id: number, language: string | null = "da"): Rec => ({
  platform_id: String(7_000_000_000_000_000_000n + BigInt(id)),
  language,
  text: `video ${id}, "quoted"\nsecond line`,
});
const page = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => rec(from + i));
const idsOfPage = (records: Rec[]) => records.map((r) => r.platform_id);

/** The pid of a process that has exited. */
const deadPid = spawnSync(process.execPath, ["-e", ""]).pid!;

describe("FileOutput: exactly once across crashes", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "file-output-"));
    path = join(dir, "out.jsonl");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (runId = "run-1", encoder = jsonlEncoder<Rec>()) =>
    FileOutput.open<Rec>({ path, runId, encoder, idOf: (r) => r.platform_id });

  async function writePage(output: FileOutput<Rec>, records: Rec[]) {
    for (const r of records) output.add(r);
    await output.commit({ runId: "run-1", partition: "p", ids: idsOfPage(records), done: false });
  }

  /** The writer dies without closing: its lock stays behind (a dead process's lock is taken over). */
  const crash = () => {
    writeFileSync(lockPath(path), JSON.stringify({ pid: deadPid, host: hostname() }));
  };

  const lines = () =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as Rec).platform_id);

  it("holds records only once their page is committed, and drops an unconfirmed tail on reopen", async () => {
    const first = await open();
    await writePage(first, page(0, 3));
    for (const r of page(3, 5)) first.add(r); // page 2 yielded, never committed: killed here
    expect(lines()).toEqual(idsOfPage(page(0, 3)));
    // A killed writer may also have left a torn line after the confirmed bytes.
    appendFileSync(path, '{"platform_id":"70000000000000000');
    crash();

    const second = await open();
    expect(second.resumed).toBe(true);
    expect(lines()).toEqual(idsOfPage(page(0, 3)));
    await writePage(second, page(3, 6)); // the collector replays page 2 from its checkpoint
    await second.close({ completed: true });
    expect(lines()).toEqual(idsOfPage(page(0, 6)));
    expect(second.stats).toMatchObject({ written: 3, total: 6, replayed: 0, languages: { da: 6 } });
  });

  it("skips the replayed page when killed between the sidecar write and the checkpoint save", async () => {
    const first = await open();
    await writePage(first, page(0, 3));
    await writePage(first, page(3, 6)); // sidecar written; the checkpoint save never happened
    crash();
    const second = await open();
    await writePage(second, page(3, 6)); // so the collector yields page 2 again
    await writePage(second, page(6, 8));
    await second.close({ completed: true });
    expect(lines()).toEqual(idsOfPage(page(0, 8)));
    expect(second.stats.replayed).toBe(3);
    expect(second.stats.written).toBe(2);
    expect(second.stats.total).toBe(8);
  });

  it("writes the CSV header once, at the start of the file, however often the run resumes", async () => {
    path = join(dir, "out.csv");
    const encoder = csvEncoder<Rec>(["platform_id", "language", "text"]);
    const first = await open("run-1", encoder);
    await writePage(first, [rec(1)]);
    await first.close({ completed: false });
    const second = await open("run-1", encoder);
    await writePage(second, [rec(2, null)]);
    await second.close({ completed: true });
    const text = readFileSync(path, "utf8");
    expect(text.match(/platform_id,language,text/g)).toHaveLength(1);
    expect(text.startsWith("platform_id,language,text\n")).toBe(true);
    expect(text).toContain(`${rec(2).platform_id},,"video 2, ""quoted""\nsecond line"\n`);
  });

  it("a file killed before its first page is written starts again empty (and with a CSV header)", async () => {
    path = join(dir, "out.csv");
    const encoder = csvEncoder<Rec>(["platform_id", "language", "text"]);
    const first = await open("run-1", encoder);
    first.add(rec(1));
    crash();
    const second = await open("run-1", encoder);
    await writePage(second, [rec(1)]);
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")[0]).toBe("platform_id,language,text");
    expect(text.match(/platform_id,language,text/g)).toHaveLength(1);
  });

  it("refuses a file it did not write, another run's file, another format, and a file cut short", async () => {
    writeFileSync(path, "someone's data\n");
    await expect(open()).rejects.toThrow(UsageError);
    await expect(open()).rejects.toThrow(/already exists and was not written by this command/);
    expect(readFileSync(path, "utf8")).toBe("someone's data\n");
    rmSync(path);

    const first = await open("run-1");
    await writePage(first, page(0, 2));
    await first.close({ completed: false });
    await expect(open("run-2")).rejects.toThrow(/belongs to run run-1: resume it with --run-id run-1/);
    await expect(open("run-1", csvEncoder<Rec>(["platform_id"]))).rejects.toThrow(
      /--format csv does not match/,
    );
    writeFileSync(path, "");
    await expect(open("run-1")).rejects.toThrow(/shorter than its last checkpoint/);
  });

  it("lets one process write a file at a time, and takes over the lock of a dead one", async () => {
    const first = await open();
    await expect(open()).rejects.toThrow(/being written by another observatory process \(pid \d+\)/);
    await first.close({ completed: false });
    expect(existsSync(lockPath(path))).toBe(false);
    const second = await open();
    crash();
    const third = await open();
    await third.close({ completed: false });
    await second.close({ completed: false }).catch(() => undefined);
  });

  it("keeps the sidecar in step: offset = confirmed bytes, lastPageIds = the last page, completed at the end", async () => {
    const output = await open();
    await writePage(output, page(0, 2));
    await output.commit({ runId: "run-1", partition: "p", ids: [], done: true }); // an empty last page
    await output.close({ completed: true });
    const sidecar = JSON.parse(readFileSync(sidecarPath(path), "utf8"));
    expect(sidecar.offset).toBe(readFileSync(path).length);
    expect(sidecar.lastPageIds).toEqual([]);
    expect(sidecar.records).toBe(2);
    expect(sidecar.completed).toBe(true);
  });
});
