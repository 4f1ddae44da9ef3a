import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The BUILT command; the acceptance tests run it as a researcher would. */
export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: build first (pnpm exec turbo run build --filter=@observatory/cli...)`,
    );
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** What the command has printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  done: Promise<CliResult>;
  /** Resolves when stderr has printed text matching `pattern`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/**
 * A clean environment: nothing from the developer's shell (no real credentials, no REDIS_URL) except
 * PATH and HOME, plus what the test gives.
 */
export function cleanEnv(extra: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

export function startCli(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
    waitForStderr(pattern, timeoutMs = 30_000) {
      if (pattern.test(stderr)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`stderr never matched ${pattern}; it was:\n${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void done.then(() => {
          clearTimeout(timer);
          if (!pattern.test(stderr))
            reject(new Error(`the command ended before stderr matched ${pattern}:\n${stderr}`));
        });
      });
    },
  };
}

export function runCliProcess(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A temporary working directory per test, removed by `cleanup()`. */
export function tempDir(prefix = "observatory-cli-"): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function readJsonl(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, "utf8");
  if (text === "") return [];
  if (!text.endsWith("\n")) throw new Error(`${path} does not end with a newline: a torn last line`);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`${path} line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
      }
    });
}

export const idsOf = (records: readonly Record<string, unknown>[]) =>
  records.map((r) => String(r.platform_id));
