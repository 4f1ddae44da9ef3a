import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, pgliteDataDir } from "../open-store.js";
import { pgliteInitdb } from "./pglite-initdb.js";

const run = promisify(execFile);
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "index.js");
const dirs: string[] = [];
const scratch = async () => {
  const dir = await mkdtemp(join(tmpdir(), "observatory-initdb-"));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A fresh `node` that opens (or creates) a store with the built package and prints its peak RSS (VmHWM), in MB. */
async function peakOfOpening(dir: string): Promise<number> {
  const script = `
    const { openStore } = await import(${JSON.stringify(pathToFileURL(dist).href)});
    const { readFileSync } = await import("node:fs");
    const store = await openStore(process.argv[1]);
    await store.close();
    const kb = Number(readFileSync("/proc/self/status", "utf8").match(/VmHWM:\\s+(\\d+)/)[1]);
    process.stdout.write(String(Math.round(kb / 1024)));`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script, dir], {
    timeout: 120_000,
  });
  return Number(stdout);
}

describe("a new embedded database's initdb", () => {
  it("runs in a child process by default: creating a store peaks like opening one (initdb in the process: ~860 MB on Node 20)", async () => {
    const dir = join(await scratch(), "study.db");
    const creating = await peakOfOpening(dir);
    const opening = await peakOfOpening(dir);
    // What a process needs to open PGlite depends on Node's V8 (Node 20: ~190 MB, Node 24: ~650 MB);
    // initdb adds ~650 MB more wherever it runs. Only the child keeps that out of this process.
    expect(opening).toBeGreaterThan(50);
    expect(creating).toBeLessThan(opening + 100);
  }, 120_000);

  it("makes a database the store then opens and migrates, leaving no build directory behind", async () => {
    const dir = join(await scratch(), "study.db");
    const applied: number[] = [];
    const store = await openStore(dir, { onMigrated: (report) => applied.push(report.applied.length) });
    await store.close();
    expect(applied[0]).toBeGreaterThan(0);
    expect(await readdir(dir)).not.toContain(expect.stringMatching(/^pgdata\.init-/));
    expect((await stat(join(pgliteDataDir(dir), "PG_VERSION"))).isFile()).toBe(true);
  }, 120_000);

  it("reports the child's failure with its error code (a directory it cannot create)", async () => {
    const file = join(await scratch(), "file");
    await writeFile(file, "x");
    await expect(pgliteInitdb(join(file, "db"))).rejects.toMatchObject({
      code: "ENOTDIR",
      message: expect.stringContaining("not a directory"),
    });
  }, 120_000);
});
