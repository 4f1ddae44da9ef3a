import { type ChildProcess, spawn } from "node:child_process";
import * as nodeFs from "node:fs/promises";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors/arena-error.js";
import type { Checkpoint, CheckpointStore } from "../ports/checkpoint-store.js";
import { ManualClock } from "../ports/clock.js";
import { type AtomicFs, readJsonFile, SerialQueue, writeFileAtomic } from "./atomic-file.js";
import { FileCheckpointStore } from "./file-checkpoint-store.js";
import { FileQuotaLedger } from "./file-quota-ledger.js";
import { FileTokenCache } from "./file-token-cache.js";
import { MemoryCheckpointStore } from "./memory-checkpoint-store.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "checkpoints-"));
  dirs.push(dir);
  return dir;
}

const checkpoint = (partition: string, pages: number, runId = "run-1"): Checkpoint => ({
  runId,
  partition,
  cursor: `c${pages}`,
  searchId: "s-1",
  done: false,
  pages,
  records: pages * 10,
  data: { window: "2026-09-01..2026-09-02" },
  updatedAt: "2026-09-01T12:00:00.000Z",
});

/** The node fs whose rename fails: a process that dies between writing the temp file and renaming it. */
const crashBeforeRename: AtomicFs = {
  ...nodeFs,
  rename: async () => {
    throw Object.assign(new Error("simulated crash before rename"), { code: "EIO" });
  },
};

const stores: Record<string, () => Promise<CheckpointStore>> = {
  MemoryCheckpointStore: async () => new MemoryCheckpointStore(),
  FileCheckpointStore: async () => new FileCheckpointStore(await tempDir()),
};

describe.each(Object.entries(stores))("%s", (_, make) => {
  it("stores, reads back, lists and deletes checkpoints per run and partition", async () => {
    const store = await make();
    await store.put(checkpoint("terms:2026-09-01..2026-09-08", 1));
    await store.put(checkpoint("terms:2026-09-08..2026-09-15", 2));
    await store.put(checkpoint("terms:2026-09-01..2026-09-08", 3));
    await store.put(checkpoint("other", 1, "run-2"));
    expect(await store.get("run-1", "terms:2026-09-01..2026-09-08")).toEqual(
      checkpoint("terms:2026-09-01..2026-09-08", 3),
    );
    expect((await store.list("run-1")).map((c) => c.pages).sort()).toEqual([2, 3]);
    expect(await store.get("run-1", "missing")).toBeUndefined();
    await store.deleteRun("run-1");
    expect(await store.list("run-1")).toEqual([]);
    expect(await store.list("run-2")).toHaveLength(1);
    await store.deleteRun("never-existed");
  });

  it("hands out copies: changing a read checkpoint does not change the store", async () => {
    const store = await make();
    const original = checkpoint("p", 1);
    await store.put(original);
    original.pages = 99;
    const read = (await store.get("run-1", "p"))!;
    read.cursor = "changed";
    expect(await store.get("run-1", "p")).toMatchObject({ pages: 1, cursor: "c1" });
  });

  it("keeps concurrent puts of different partitions (no lost update)", async () => {
    const store = await make();
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.put(checkpoint(`p${i}`, i))));
    expect(await store.list("run-1")).toHaveLength(25);
  });
});

describe("FileCheckpointStore across processes and crashes", () => {
  it("keeps run ids with unsafe characters apart in safe file names", async () => {
    const dir = await tempDir();
    const store = new FileCheckpointStore(dir);
    await store.put(checkpoint("p", 1, "../../etc/passwd"));
    await store.put(checkpoint("p", 2, "..-..-etc-passwd"));
    const files = await readdir(dir);
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(/^[A-Za-z0-9._-]+\.json$/);
    expect((await store.get("../../etc/passwd", "p"))?.pages).toBe(1);
  });

  it("(a) a crash between write and rename leaves the old content, which a new instance reads", async () => {
    const dir = await tempDir();
    await new FileCheckpointStore(dir).put(checkpoint("p", 1));
    const crashing = new FileCheckpointStore(dir, { fs: crashBeforeRename });
    await expect(crashing.put(checkpoint("p", 2))).rejects.toThrow("simulated crash before rename");
    const reopened = new FileCheckpointStore(dir);
    expect(await reopened.get("run-1", "p")).toEqual(checkpoint("p", 1));
    // The temp file of the failed write was removed, the checkpoint file is whole JSON.
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
    for (const file of files) JSON.parse(await readFile(join(dir, file), "utf8"));
  });

  it("(a) the same holds for the quota ledger and the token cache files", async () => {
    const dir = await tempDir();
    const pools = { research: { requests: 5, records: 50 } };
    await new FileQuotaLedger(join(dir, "quota.json"), { pools }).reserve("cred", "research");
    const crashingLedger = new FileQuotaLedger(join(dir, "quota.json"), { pools, fs: crashBeforeRename });
    await expect(crashingLedger.reserve("cred", "research")).rejects.toThrow("simulated crash");
    expect(
      (await new FileQuotaLedger(join(dir, "quota.json"), { pools }).state("cred", "research")).requestsUsed,
    ).toBe(1);

    const token = { accessToken: "first", expiresAt: Date.now() + 3_600_000 };
    await new FileTokenCache(join(dir, "tokens.json")).set("cred", token);
    const crashingCache = new FileTokenCache(join(dir, "tokens.json"), { fs: crashBeforeRename });
    await expect(crashingCache.set("cred", { ...token, accessToken: "second" })).rejects.toThrow(
      "simulated crash",
    );
    expect(await new FileTokenCache(join(dir, "tokens.json")).get("cred")).toEqual(token);
  });

  it("reports a corrupt checkpoint file as a ConfigError naming the file", async () => {
    const dir = await tempDir();
    const store = new FileCheckpointStore(dir);
    await store.put(checkpoint("p", 1));
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), '{"runId": "run-1", "partitions": {');
    const error = await store.get("run-1", "p").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file!);
  });

  it("(b) survives SIGKILL at random moments of a tight write loop: the file always parses and holds a complete earlier state", async () => {
    const dir = await tempDir();
    const writer = fileURLToPath(new URL("./test-support/checkpoint-writer.ts", import.meta.url));
    let previous = 0;
    for (let round = 0; round < 8; round++) {
      const child = spawn(process.execPath, ["--import", "tsx", writer, dir], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      await waitForReady(child);
      // A random moment: somewhere inside the next few dozen writes.
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 60)));
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      expect(await exited).toBe(null);

      const store = new FileCheckpointStore(dir);
      const states = await store.list("kill-test");
      expect(states.length).toBeGreaterThan(0);
      for (const state of states) {
        // Complete: every field of one state agrees with the others.
        expect(state.cursor).toBe(`c${state.pages}`);
        expect(state.records).toBe(state.pages * 10);
        expect(state.data?.n).toBe(state.pages);
        expect(String(state.data?.filler).length).toBe(64 * 1024);
      }
      // Partitions are written in order p0, p1, p2: a later partition is never ahead of an earlier one.
      const pages = ["p0", "p1", "p2"].map((p) => states.find((s) => s.partition === p)?.pages ?? 0);
      expect(pages[0]!).toBeGreaterThanOrEqual(pages[1]!);
      expect(pages[1]!).toBeGreaterThanOrEqual(pages[2]!);
      expect(pages[0]! - pages[2]!).toBeLessThanOrEqual(1);
      // An earlier state, never older than what a previous round left.
      expect(pages[0]!).toBeGreaterThan(previous);
      previous = pages[0]!;
    }
  }, 60_000);
});

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`writer exited (${code}) before it was ready`)));
  });
}

describe("atomic file helpers", () => {
  it("writeFileAtomic creates directories and replaces the content whole", async () => {
    const dir = await tempDir();
    const path = join(dir, "a", "b", "state.json");
    await writeFileAtomic(path, '{"v":1}');
    await writeFileAtomic(path, '{"v":2}');
    expect(await readJsonFile(path)).toEqual({ v: 2 });
    expect(await readdir(join(dir, "a", "b"))).toEqual(["state.json"]);
  });

  it("readJsonFile returns undefined for a missing file", async () => {
    expect(await readJsonFile(join(await tempDir(), "none.json"))).toBeUndefined();
  });

  it("removes the temp file when the write itself fails", async () => {
    const dir = await tempDir();
    const failingWrite: AtomicFs = {
      ...nodeFs,
      open: (async (...args: Parameters<typeof nodeFs.open>) => {
        const handle = await nodeFs.open(...args);
        return Object.assign(Object.create(handle), {
          writeFile: async () => {
            throw new Error("disk full");
          },
          close: () => handle.close(),
        });
      }) as typeof nodeFs.open,
    };
    await expect(writeFileAtomic(join(dir, "s.json"), "{}", { fs: failingWrite })).rejects.toThrow(
      "disk full",
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("SerialQueue runs tasks one at a time in call order, past failures", async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    let running = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        running++;
        expect(running).toBe(1);
        await new Promise((r) => setTimeout(r, 2));
        order.push(name);
        running--;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(task("a")),
      queue.run(task("b", true)),
      queue.run(task("c")),
    ]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});

describe("MemoryCheckpointStore leases", () => {
  it("grants a partition to one owner at a time, renews it, and lets it lapse after ttlMs", async () => {
    const clock = new ManualClock("2026-09-01T12:00:00Z");
    const store = new MemoryCheckpointStore({ clock });
    expect(await store.claim("run", "p", "a", 1_000)).toBe(true);
    expect(await store.claim("run", "p", "b", 1_000)).toBe(false);
    expect(await store.claim("run", "q", "b", 1_000)).toBe(true); // another partition
    expect(await store.claim("other-run", "p", "b", 1_000)).toBe(true); // another run
    clock.advance(900);
    expect(await store.claim("run", "p", "a", 1_000)).toBe(true); // renewed until +1,900
    clock.advance(900);
    expect(await store.claim("run", "p", "b", 1_000)).toBe(false);
    clock.advance(101); // a crashed owner's lease lapses
    expect(await store.claim("run", "p", "b", 1_000)).toBe(true);
  });

  it("releases only the owner's lease, and deleteRun drops the run's leases", async () => {
    const store = new MemoryCheckpointStore({ clock: new ManualClock() });
    await store.claim("run", "p", "a", 60_000);
    await store.release("run", "p", "b");
    expect(await store.claim("run", "p", "b", 60_000)).toBe(false);
    await store.release("run", "p", "a");
    expect(await store.claim("run", "p", "b", 60_000)).toBe(true);
    await store.deleteRun("run");
    expect(await store.claim("run", "p", "c", 60_000)).toBe(true);
  });
});
