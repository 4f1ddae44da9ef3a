/**
 * Helpers of the output-authority cases: run the built command into a file, interrupt it with kill -9
 * once it has written records, and read what a file holds.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { expect } from "vitest";
import { type CliResult, startCli } from "./cli.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sizeOf = (path: string) => (existsSync(path) ? statSync(path).size : 0);

/** platform_ids of a JSONL output, in file order (duplicates kept); none when the file is absent. */
export function idsIn(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  if (text === "") return [];
  expect(text.endsWith("\n"), `${path} ends in a torn line`).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => (JSON.parse(line) as { platform_id: string }).platform_id);
}

/** IDs of JSONL text on stdout. */
export function idsOfText(text: string): string[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { platform_id: string }).platform_id);
}

/** What a set of collected IDs lacks and holds twice, compared with the truth. */
export function compare(ids: readonly string[], truth: ReadonlySet<string>) {
  const unique = new Set(ids);
  return {
    records: ids.length,
    duplicates: ids.length - unique.size,
    missing: [...truth].filter((id) => !unique.has(id)).length,
    extra: [...unique].filter((id) => !truth.has(id)).length,
  };
}

/**
 * Starts the command and kills it (SIGKILL) once `watch` (a file, or the command's stdout) has grown
 * by `records` lines' worth of bytes: the run is interrupted mid-collection. Returns what it printed.
 */
export async function killMidRun(
  name: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; watch?: string; afterBytes?: number },
): Promise<CliResult> {
  const cli = startCli(name, args, options);
  const before = options.watch ? sizeOf(options.watch) : 0;
  const wanted = before + (options.afterBytes ?? 1_500_000);
  let stdoutBytes = 0;
  cli.child.stdout!.on("data", (chunk: string) => {
    stdoutBytes += chunk.length;
  });
  const grown = async () => {
    while ((options.watch ? sizeOf(options.watch) : stdoutBytes) < wanted) await sleep(5);
  };
  await Promise.race([grown(), cli.done]);
  cli.child.kill("SIGKILL");
  return cli.done;
}

/** The one line an exit-2 refusal printed (the last non-empty line of stderr). */
export const lastLine = (stderr: string) => stderr.trim().split("\n").pop() ?? "";

/** `redis-cli -p port …` */
export function redisCli(port: number, ...command: string[]): string {
  return execFileSync("redis-cli", ["-p", String(port), ...command], { encoding: "utf8" });
}

/** Waits until `path` holds `bytes`; false when `running` (the command) ended first. */
export async function grownTo(path: string, bytes: number, running: Promise<unknown>): Promise<boolean> {
  let ended = false;
  void running.then(() => {
    ended = true;
  });
  while (sizeOf(path) < bytes) {
    if (ended) return false;
    await sleep(5);
  }
  return true;
}
