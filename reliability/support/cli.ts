/** The built `observatory` command as a subprocess; everything it prints is kept in the artefacts. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { saveArtifact } from "./artifacts.js";
import { SUITE_CLIENT, SUITE_SALT } from "./suite-client.js";

const require = createRequire(import.meta.url);

/** dist/bin.js of @observatory/cli: `pnpm test:reliability` builds it first. */
export const CLI_BIN = join(dirname(require.resolve("@observatory/cli/package.json")), "dist", "bin.js");

export function assertCliBuilt(): void {
  if (!existsSync(CLI_BIN))
    throw new Error(`${CLI_BIN} is missing: run pnpm build (or pnpm test:reliability)`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment pointing the command at an emulator with the suite's client. */
export function cliEnv(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: extra.HOME ?? process.env.HOME ?? "/tmp",
    TIKTOK_API_BASE_URL: baseUrl,
    TIKTOK_CLIENT_KEY: SUITE_CLIENT.clientKey,
    TIKTOK_CLIENT_SECRET: SUITE_CLIENT.clientSecret,
    OBSERVATORY_PSEUDONYM_SALT: SUITE_SALT,
    TIKTOK_DAILY_REQUESTS: "100000",
    ...extra,
  };
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

export function startCli(
  name: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): RunningCli {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr!.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on("close", (code, signal) => {
      saveArtifact(
        `cli-${name}`,
        `$ observatory ${args.join(" ")}\nexit ${code} ${signal ?? ""}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
      );
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export function runCli(
  name: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<CliResult> {
  return startCli(name, args, options).done;
}
