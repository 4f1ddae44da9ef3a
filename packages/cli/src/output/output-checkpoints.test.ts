import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Checkpoint, MemoryCheckpointStore } from "@observatory/arena-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../usage-error.js";
import { FileOutput } from "./file-output.js";
import { OutputCheckpoints } from "./output-checkpoints.js";
import { jsonlEncoder } from "./record-encoder.js";
import { sidecarPath } from "./resume-sidecar.js";

interface Rec {
  platform_id: string;
  language: string | null;
}

const RUN = "run-1";
const checkpoint = (partition: string, pages: number, done = false): Checkpoint => ({
  runId: RUN,
  partition,
  cursor: String(pages * 100),
  done,
  pages,
  records: pages * 2,
  updatedAt: "2026-11-01T00:00:00.000Z",
});

describe("OutputCheckpoints: the file's sidecar is the truth, the shared store coordinates", () => {
  let dir: string;
  let shared: MemoryCheckpointStore;
  const notices: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "output-checkpoints-"));
    shared = new MemoryCheckpointStore();
    notices.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function open(name = "out.jsonl") {
    const output = await FileOutput.open<Rec>({
      path: join(dir, name),
      runId: RUN,
      encoder: jsonlEncoder<Rec>(),
      idOf: (r) => r.platform_id,
    });
    const store = new OutputCheckpoints(shared, { where: "the store", notice: (l) => notices.push(l) });
    return { output, store };
  }

  /** One page of two records through the store, as the collector does it. */
  async function page(
    { output, store }: Awaited<ReturnType<typeof open>>,
    cp: Checkpoint,
    ids: [string, string],
  ) {
    await store.beforePage(cp.partition);
    for (const id of ids) output.add({ platform_id: id, language: "da" });
    await output.commit({ runId: RUN, partition: cp.partition, ids, done: cp.done });
    await store.put(cp);
  }

  it("keeps every checkpoint in the file's sidecar, tagged with the file, and in the shared store", async () => {
    const a = await open();
    await a.store.attach(a.output as FileOutput<unknown>, RUN);
    await page(a, checkpoint("w1", 1), ["1", "2"]);
    await a.output.close({ completed: false });
    const stored = await shared.get(RUN, "w1");
    expect(stored?.data?.output).toBe(a.output.outputId);
    // Another working folder: an empty shared store. The file still knows where it stands.
    shared = new MemoryCheckpointStore();
    const b = await open();
    await b.store.attach(b.output as FileOutput<unknown>, RUN);
    expect((await b.store.get(RUN, "w1"))?.pages).toBe(1);
    expect(notices.join("\n")).toMatch(/lost or rolled back run run-1/);
    // …and gave its part back to the store, so other workers see it.
    expect((await shared.get(RUN, "w1"))?.pages).toBe(1);
    await b.output.close({ completed: false });
  });

  it("ignores a store that is behind the file (restored from an older snapshot)", async () => {
    const a = await open();
    await a.store.attach(a.output as FileOutput<unknown>, RUN);
    await page(a, checkpoint("w1", 1), ["1", "2"]);
    const older = await shared.get(RUN, "w1");
    await page(a, checkpoint("w1", 2, true), ["3", "4"]);
    await shared.put(older!); // the snapshot comes back
    expect(await a.store.get(RUN, "w1")).toMatchObject({ pages: 2, done: true });
    await a.output.close({ completed: false });
  });

  it("a file moved aside: the same path starts over, whatever the store says of the earlier file", async () => {
    const a = await open();
    await a.store.attach(a.output as FileOutput<unknown>, RUN);
    await page(a, checkpoint("w1", 1, true), ["1", "2"]);
    await a.store.put({ ...checkpoint("plan", 0, true), data: { completed: true } });
    await a.output.close({ completed: true });
    renameSync(join(dir, "out.jsonl"), join(dir, "old.jsonl"));
    renameSync(sidecarPath(join(dir, "out.jsonl")), sidecarPath(join(dir, "old.jsonl")));
    const b = await open();
    await b.store.attach(b.output as FileOutput<unknown>, RUN);
    expect(await b.store.get(RUN, "w1")).toBeUndefined();
    expect(await b.store.get(RUN, "plan")).toBeUndefined();
    expect(await b.store.list(RUN)).toEqual([]);
    await b.output.close({ completed: false });
  });

  it("another worker's file that got further with a window wins (a take-over); untouched windows are theirs", async () => {
    const a = await open("a.jsonl");
    const b = await open("b.jsonl");
    await a.store.attach(a.output as FileOutput<unknown>, RUN);
    await b.store.attach(b.output as FileOutput<unknown>, RUN);
    await page(a, checkpoint("w1", 1), ["1", "2"]);
    await page(b, checkpoint("w2", 1, true), ["3", "4"]);
    await page(b, checkpoint("w1", 2, true), ["5", "6"]); // b took w1 over from a's checkpoint
    expect(await a.store.get(RUN, "w1")).toMatchObject({ pages: 2, done: true });
    expect(await a.store.get(RUN, "w2")).toMatchObject({ done: true });
    expect(await b.store.get(RUN, "w1")).toMatchObject({ pages: 2 });
    await a.output.close({ completed: false });
    await b.output.close({ completed: false });
  });

  it("a store that lost the run under two workers: exit 2 naming the file, until every file gave its part back", async () => {
    const a = await open("a.jsonl");
    const b = await open("b.jsonl");
    await a.store.attach(a.output as FileOutput<unknown>, RUN);
    await b.store.attach(b.output as FileOutput<unknown>, RUN);
    await page(a, checkpoint("w1", 1, true), ["1", "2"]);
    await page(b, checkpoint("w2", 1, true), ["3", "4"]);
    await shared.deleteRun(RUN);
    await shared.deleteRun(`${RUN}#outputs`);
    // Mid-run: a finds out before writing its next page, gives its part back and stops.
    const stop = a.store.beforePage("w3");
    await expect(stop).rejects.toBeInstanceOf(UsageError);
    await expect(stop).rejects.toThrow(/a\.jsonl: the store lost the state of run run-1 .*b\.jsonl/);
    expect((await shared.get(RUN, "w1"))?.done).toBe(true);
    await a.output.close({ completed: false });
    // b started again: a's part is back, so b gives its own back and goes on.
    await b.output.close({ completed: false });
    const b2 = await open("b.jsonl");
    await b2.store.attach(b2.output as FileOutput<unknown>, RUN);
    expect(notices.join("\n")).toMatch(/every output of the run has given back/);
    expect((await b2.store.get(RUN, "w1"))?.done).toBe(true);
    expect((await b2.store.get(RUN, "w2"))?.done).toBe(true);
    await b2.output.close({ completed: false });
  });

  it("a file started again while another file of the run has not given its part back: exit 2 naming it", async () => {
    const a = await open("a.jsonl");
    const b = await open("b.jsonl");
    await a.store.attach(a.output as FileOutput<unknown>, RUN);
    await b.store.attach(b.output as FileOutput<unknown>, RUN);
    await page(b, checkpoint("w2", 1, true), ["3", "4"]);
    await page(a, checkpoint("w1", 1, true), ["1", "2"]);
    await a.output.close({ completed: false });
    await b.output.close({ completed: false });
    shared = new MemoryCheckpointStore();
    const a2 = await open("a.jsonl");
    await expect(a2.store.attach(a2.output as FileOutput<unknown>, RUN)).rejects.toThrow(
      /start the workers of .*b\.jsonl again/,
    );
    await a2.output.close({ completed: false });
  });
});

describe("OutputCheckpoints: a file started by an earlier version (sidecar version 1)", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "output-checkpoints-v1-"));
    const path = join(dir, "out.jsonl");
    writeFileSync(path, '{"platform_id":"1","language":"da"}\n');
    writeFileSync(
      sidecarPath(path),
      JSON.stringify({
        version: 1,
        runId: RUN,
        format: "jsonl",
        offset: 36,
        lastPageIds: ["1"],
        records: 1,
        languages: { da: 1 },
        completed: false,
        updatedAt: "2026-11-01T00:00:00.000Z",
      }),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const attach = async (shared: MemoryCheckpointStore) => {
    const output = await FileOutput.open<Rec>({
      path: join(dir, "out.jsonl"),
      runId: RUN,
      encoder: jsonlEncoder<Rec>(),
      idOf: (r) => r.platform_id,
    });
    const store = new OutputCheckpoints(shared, { where: "the store", notice: () => undefined });
    try {
      await store.attach(output as FileOutput<unknown>, RUN);
      return await store.get(RUN, "w1");
    } finally {
      await output.close({ completed: false });
    }
  };

  it("takes the run's checkpoints over from the state store that holds them", async () => {
    const shared = new MemoryCheckpointStore();
    await shared.put(checkpoint("w1", 1));
    expect(await attach(shared)).toMatchObject({ pages: 1 });
  });

  it("refuses (exit 2 naming the file) when the state store does not hold them", async () => {
    await expect(attach(new MemoryCheckpointStore())).rejects.toThrow(
      /out\.jsonl was started by an earlier version.*move the file and its \.resume\.json aside/,
    );
  });
});

describe("FileOutput: the file's identity", () => {
  it("refuses a file whose last committed page is not what its sidecar describes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "file-identity-"));
    try {
      const path = join(dir, "out.jsonl");
      const open = () =>
        FileOutput.open<Rec>({ path, runId: RUN, encoder: jsonlEncoder<Rec>(), idOf: (r) => r.platform_id });
      const first = await open();
      first.add({ platform_id: "1", language: "da" });
      await first.commit({ runId: RUN, partition: "p", ids: ["1"], done: false });
      await first.close({ completed: false });
      // Another file of the same size in its place.
      writeFileSync(path, '{"platform_id":"9","language":"da"}\n');
      await expect(open()).rejects.toThrow(/does not hold the last page its .*resume\.json describes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
