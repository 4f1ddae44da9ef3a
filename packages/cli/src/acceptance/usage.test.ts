import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  type CliResult,
  cleanEnv,
  runCliProcess,
  tempDir,
} from "../test-support/cli-process.js";
import { TEST_SALT } from "../test-support/emulator-fixture.js";

const DATES = ["--since", "2026-09-01", "--until", "2026-10-01"];
// Flags are checked before anything is opened: no emulator is needed to reject them.
const UNREACHABLE = {
  TIKTOK_API_BASE_URL: "http://127.0.0.1:9",
  TIKTOK_CLIENT_KEY: "key",
  TIKTOK_CLIENT_SECRET: "secret-value-1",
  OBSERVATORY_PSEUDONYM_SALT: TEST_SALT,
};

/** Exit 2 and ONE line on stderr that names `name` (a flag or a variable); nothing on stdout. */
function expectUsage(result: CliResult, name: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  const errorLines = result.stderr.split("\n").filter((line) => line.startsWith("error"));
  expect(errorLines, result.stderr).toHaveLength(1);
  expect(errorLines[0]).toContain(name);
}

describe("bad input: exit 2 with one line naming the flag or variable", () => {
  const work = tempDir();
  const run = (args: string[], env: Record<string, string | undefined> = UNREACHABLE) =>
    runCliProcess(args, { cwd: work.dir, env: cleanEnv(env) });

  beforeAll(assertBuilt);
  afterAll(() => work.cleanup());

  it.each([
    [["--term", "klima", "--since", "2026-13-01", "--until", "2026-11-01"], "--since"],
    [["--term", "klima", "--since", "2026-02-30", "--until", "2026-11-01"], "--since"],
    [["--term", "klima", "--since", "yesterday", "--until", "2026-11-01"], "--since"],
    [["--term", "klima", "--since", "2026-09-01", "--until", "1.11.2026"], "--until"],
    [["--term", "klima", "--since", "2026-11-01", "--until", "2026-09-01"], "--since"],
    [["--term", "klima", "--since", "2026-09-01", "--until", "2026-09-01"], "--since"],
    [["--term", "klima", "--until", "2026-10-01"], "--since"],
    [["--since", "2026-09-01", "--until", "2026-10-01"], "--term"],
    [["--term", "klima", ...DATES, "--max", "many"], "--max"],
    [["--term", "klima", ...DATES, "--max", "0"], "--max"],
    [["--term", "klima", ...DATES, "--format", "xml"], "--format"],
    [["--term", "klima", ...DATES, "--window-days", "31"], "--window-days"],
    [["--term", "klima", ...DATES, "--language", "Danish"], "--language"],
    [["--term", "klima", ...DATES, "--region", "DNK"], "--region"],
    [["--term", "#", ...DATES], "--term"],
    [["--group", ",", ...DATES], "--group"],
    [["--term", "klima", ...DATES, "--bogus"], "--bogus"],
  ])("collect %j → names %s", async (args, flag) => {
    expectUsage(await run(["tiktok", "collect", ...args]), flag);
  });

  it("actors and estimate check their flags the same way", async () => {
    expectUsage(await run(["tiktok", "actors", ...DATES]), "--actor");
    expectUsage(await run(["tiktok", "actors", "--actor", "no spaces allowed", ...DATES]), "--actor");
    expectUsage(
      await run(["tiktok", "estimate", "--term", "klima", "--since", "2026-10-01", "--until", "2026-09-01"]),
      "--since",
    );
    expectUsage(await run(["tiktok", "estimate", "--term", "klima", "--actor", "dr", ...DATES]), "--actor");
    expectUsage(await run(["tiktok", "comments"]), "--video");
    expectUsage(await run(["tiktok", "emulator", "--port", "99999"]), "--port");
  });

  it.each([
    [{ TIKTOK_CLIENT_KEY: "key" }, "TIKTOK_CLIENT_SECRET"],
    [{ TIKTOK_CLIENT_SECRET: "secret-value-1" }, "TIKTOK_CLIENT_KEY"],
    [{ ...UNREACHABLE, OBSERVATORY_PSEUDONYM_SALT: undefined }, "OBSERVATORY_PSEUDONYM_SALT"],
    [{ ...UNREACHABLE, OBSERVATORY_PSEUDONYM_SALT: "short" }, "OBSERVATORY_PSEUDONYM_SALT"],
    [{ ...UNREACHABLE, TIKTOK_API_BASE_URL: "open.tiktokapis.com" }, "TIKTOK_API_BASE_URL"],
    [{ TIKTOK_API_BASE_URL: "http://127.0.0.1:9" }, "TIKTOK_CLIENT_KEY"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ TIKTOK_DAILY_REQUESTS: "-5" }, "TIKTOK_DAILY_REQUESTS"],
  ])("configuration %j → names %s", async (env, variable) => {
    expectUsage(await run(["tiktok", "collect", "--term", "klima", ...DATES], env), variable);
  });

  it("reads the configuration from ./.env (the process environment wins) and from --dotenv", async () => {
    writeFileSync(join(work.dir, ".env"), "# study settings\nTIKTOK_CLIENT_KEY=from-dotenv\n");
    expectUsage(await run(["tiktok", "health"], {}), "TIKTOK_CLIENT_SECRET");
    // The process's (empty) value wins over the file's: no credentials, so the built-in emulator.
    const demo = await run(["tiktok", "health"], { TIKTOK_CLIENT_KEY: "" });
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toContain("SYNTHETIC DATA");
    writeFileSync(join(work.dir, "study.env"), "TIKTOK_CLIENT_SECRET=only-the-secret\n");
    expectUsage(await run(["tiktok", "health", "--dotenv", "study.env"], {}), "TIKTOK_CLIENT_KEY");
    expectUsage(await run(["tiktok", "health", "--dotenv", "missing.env"], {}), "--dotenv");
  });

  it("a state directory that is a file is a usage error naming --state-dir (found by the reliability fuzz)", async () => {
    writeFileSync(join(work.dir, "in.jsonl"), "{}\n");
    const args = [
      "tiktok",
      "collect",
      "--term",
      "klima",
      ...DATES,
      "--state-dir",
      "in.jsonl",
      "--out",
      "x.jsonl",
    ];
    expectUsage(await run(args, { TIKTOK_CLIENT_KEY: "" }), "--state-dir");
    expectUsage(
      await run(["tiktok", "collect", "--term", "klima", ...DATES], {
        TIKTOK_CLIENT_KEY: "",
        OBSERVATORY_STATE_DIR: "in.jsonl/sub",
      }),
      "--state-dir",
    );
  });
});

describe("help", () => {
  const work = tempDir();
  afterAll(() => work.cleanup());

  it.each([
    [[]],
    [["tiktok"]],
    ...[
      "collect",
      "actors",
      "comments",
      "user",
      "followers",
      "following",
      "estimate",
      "health",
      "refresh",
      "forget",
      "quota",
      "emulator",
    ].map((command) => [["tiktok", command]]),
  ])("observatory %j --help shows usage and examples on stdout, exit 0", async (args) => {
    const result = await runCliProcess([...args, "--help"], { cwd: work.dir, env: cleanEnv({}) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: observatory/);
    expect(result.stdout).toContain("Examples:");
    expect(result.stdout).toContain("$ observatory");
  });
});
