import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, type CliResult, cleanEnv, tempDir } from "../test-support/cli-process.js";

const README = fileURLToPath(new URL("../../../../README.md", import.meta.url));

/** The commands of the root README's "Run a study" block, as written (comments and blank lines dropped). */
function runAStudyCommands(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Run a study"));
  if (!section) throw new Error('README.md has no "## Run a study" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md\'s "Run a study" section has no ```sh block');
  return block
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** Runs one README line through `sh`, with `observatory` on PATH being the built command. */
function shell(line: string, cwd: string, env: Record<string, string>) {
  const child: ChildProcess = spawn("sh", ["-c", `exec ${line}`], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (c: string) => {
    stdout += c;
  });
  child.stderr?.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
  });
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stderr: () => stderr };
}

async function until(check: () => boolean, what: () => string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The root README's "Run a study" works as written: its commands, in order, in an empty directory,
 * with no credentials (the built-in emulator), through `sh` as a researcher would paste them. The
 * worker runs until a few jobs are done, then gets SIGTERM (the README's Ctrl-C).
 */
describe('README "Run a study", as written', () => {
  const work = tempDir("observatory-readme-study-");
  let env: Record<string, string>;

  beforeAll(() => {
    assertBuilt();
    const bin = join(work.dir, ".bin");
    mkdirSync(bin);
    const shim = join(bin, "observatory");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
    env = cleanEnv({ PATH: `${bin}:${process.env.PATH ?? ""}` });
  });
  afterAll(() => work.cleanup());

  it("from `schedule add` to `compliance report`", async () => {
    const commands = runAStudyCommands(readFileSync(README, "utf8"));
    const verbs = commands.map((c) => c.split(/\s+/).slice(0, 3).join(" "));
    // The block is the study's whole cycle; a rewrite that drops a step fails here, not silently.
    expect(verbs).toEqual([
      "observatory schedule add",
      "observatory schedule add",
      "observatory schedule list",
      "observatory worker --db",
      "observatory status --db",
      "observatory compliance report",
    ]);
    const names: string[] = [];
    for (const line of commands) {
      if (line.startsWith("observatory worker")) {
        const worker = shell(line, work.dir, env);
        try {
          // It prints each job as it ends: once some have collected records, SIGTERM (the README's Ctrl-C).
          const jobs = () => [...worker.stderr().matchAll(/^collect\.\S+: done, (\d+) records$/gm)];
          await until(
            () => jobs().length >= 3 && jobs().some((m) => Number(m[1]) > 0),
            () => `three collection jobs done, one with records; stderr:\n${worker.stderr()}`,
            120_000,
          );
          worker.child.kill("SIGTERM");
          // It stops after the job in flight (not after the wait between plannings).
          const result = await Promise.race([
            worker.done,
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error(`no exit 30 s after SIGTERM:\n${worker.stderr()}`)), 30_000),
            ),
          ]);
          expect(result.code, result.stderr).toBe(0);
          expect(result.stderr).toContain("SYNTHETIC DATA");
          expect(result.stderr).toContain("embedded store: running the in-process executor");
          expect(result.stderr).toContain("stopped after a checkpoint");
          expect(result.stderr).not.toContain("scheduler job failed");
        } finally {
          if (worker.child.exitCode === null && worker.child.signalCode === null)
            worker.child.kill("SIGKILL");
        }
        continue;
      }
      const result = await shell(line, work.dir, env).done;
      expect(result.code, `${line}\n${result.stderr}`).toBe(0);
      if (line.startsWith("observatory schedule add")) {
        const name = line.split(/\s+/)[3] as string;
        names.push(name);
        expect(result.stdout).toContain(`added ${name}`);
      } else if (line.startsWith("observatory schedule list")) {
        for (const name of names) expect(result.stdout).toMatch(new RegExp(`^${name}\\s+active`, "m"));
      } else if (line.startsWith("observatory status")) {
        // Both schedules are listed; the worker collected days and holds records checked today.
        for (const name of names) expect(result.stdout).toMatch(new RegExp(`^\\s+${name}\\s+active\\s`, "m"));
        expect(result.stdout).toMatch(/^\s+\S+\s+active\s+[1-9]\d* day\(s\) collected/m);
        expect(result.stdout).toMatch(/tiktok: [1-9]\d* records, oldest check 0 days ago, 0 due/);
      } else if (line.startsWith("observatory compliance report")) {
        expect(result.stdout).toMatch(
          /tiktok: [1-9]\d* records held; oldest last check 0 days ago\s+— within the limit/,
        );
      }
    }
    expect(names.length).toBe(2);
  }, 300_000);
});
