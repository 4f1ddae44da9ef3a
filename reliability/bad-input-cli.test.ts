/**
 * Bad input to the `observatory` command: fuzzed argument lists, environment variables, .env files and
 * input files, run in-process through the exported `runCli` (fast), plus a few dozen runs of the built
 * command as a subprocess. Every case ends with a documented exit code (0 done, 1 failure, 2 usage,
 * 3 quota paused) and a message — never an unhandled exception, a stack trace or "unexpected failure".
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type CliIo, runCli } from "@observatory/cli";
import type { Emulator } from "@observatory/tiktok-emulator";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir, saveArtifact } from "./support/artifacts.js";
import { assertCliBuilt, cliEnv, runCli as runCliProcess } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { SUITE_CLIENT } from "./support/suite-client.js";

const IN_PROCESS_RUNS = 400;
const SUBPROCESS_RANDOM = 16;
const CASE_TIMEOUT_MS = 30_000;
const DOCUMENTED = [0, 1, 2, 3];
/** A stack frame, or the command's wording for an exception it did not expect. */
const CRASH =
  /unexpected failure|\n\s+at [^\n]*:\d+:\d+\)?\n|UnhandledPromiseRejection|ERR_INTERNAL_ASSERTION/;

let emulator: Emulator;
let notTheApi: Server;
/** A loopback server that is not the API: every answer is an HTML 404 (a wrong TIKTOK_API_BASE_URL). */
let NOT_THE_API = "";
const rows: ResultRow[] = [];

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startSuiteEmulator({ quota: { research: { requests: 1e6, records: 1e9 } } });
  notTheApi = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not Found</body></html>");
  });
  await new Promise<void>((resolve) => notTheApi.listen(0, "127.0.0.1", resolve));
  NOT_THE_API = `http://127.0.0.1:${(notTheApi.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator?.close();
  notTheApi?.closeAllConnections();
  await new Promise((resolve) => notTheApi?.close(resolve));
  recordSection({
    section: "bad-input-cli",
    summary: `${rows.reduce((n, r) => n + Number(r.cases), 0)} fuzzed command lines: documented exit codes and messages only`,
    rows,
  });
});

// --- generators ----------------------------------------------------------------------------------

const weirdValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom("", " ", "-", "--", "0", "-1", "1e9", "NaN", "2026-02-30", "2026-09-01", "2026-10-01"),
  fc.constantFrom("klima", "#dkpol", "@drnyheder", "DK", "da", "jsonl", "csv", "xml", "31", "100", "\u0000x"),
  fc.integer().map(String),
);
/** Paths stay inside the case's working directory. */
const safePath = fc.constantFrom(
  "out.jsonl",
  "out.csv",
  "in.jsonl",
  "missing/dir/out.jsonl",
  ".",
  "state",
  ".env",
  "custom.env",
  "nosuch.env",
  "",
  "ünïcødé.jsonl",
);
const PATH_FLAGS = new Set(["--out", "-o", "--state-dir", "--dotenv", "--in"]);
const BOOLEAN_FLAGS = ["--random", "--no-progress", "--json", "--reset", "--verbose", "-v", "--help"];
const VALUE_FLAGS = [
  "--term",
  "--group",
  "--exclude",
  "--region",
  "--since",
  "--until",
  "--language",
  "--max",
  "--window-days",
  "--format",
  "-f",
  "--run-id",
  "--actor",
  "--video",
  "--max-per-video",
  ...PATH_FLAGS,
];
const flag = fc.oneof(
  fc.constantFrom(...BOOLEAN_FLAGS).map((f) => [f]),
  fc
    .tuple(fc.constantFrom(...VALUE_FLAGS), weirdValue, safePath)
    .map(([f, value, path]) => [f, PATH_FLAGS.has(f) ? path : value]),
  fc.tuple(fc.constantFrom(...VALUE_FLAGS)).map(([f]) => [f]),
  weirdValue.map((v) => [`--${v}`]),
);
const COMMANDS = [
  "collect",
  "actors",
  "estimate",
  "comments",
  "user",
  "followers",
  "following",
  "refresh",
  "forget",
  "health",
  "quota",
  "bogus",
];
const randomArgv = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(flag, { maxLength: 8 }),
    fc.array(weirdValue, { maxLength: 2 }),
    fc.constantFrom("tiktok", "tiktok", "tiktok", "TikTok", ""),
  )
  .map(([command, flags, positional, root]) => [
    ...(root ? [root] : []),
    command,
    ...flags.flat(),
    ...positional,
  ]);
/** A valid collection with one or two odd flags. */
const nearValidArgv = fc
  .tuple(
    fc.constantFrom(
      ["tiktok", "collect", "--term", "klima", "--since", "2026-09-01", "--until", "2026-09-08"],
      ["tiktok", "actors", "--actor", "drnyheder", "--since", "2026-09-01", "--until", "2026-09-08"],
      ["tiktok", "estimate", "--term", "klima", "--since", "2026-09-01", "--until", "2026-10-01"],
      ["tiktok", "comments", "--video", "7000000000000000000"],
      ["tiktok", "user", "drnyheder"],
      ["tiktok", "refresh", "--in", "in.jsonl"],
      ["tiktok", "forget", "drnyheder", "--in", "in.jsonl", "--out", "kept.jsonl"],
      ["tiktok", "quota", "--json"],
      ["tiktok", "health"],
    ),
    fc.array(flag, { maxLength: 2 }),
  )
  .map(([base, flags]) => [...base, ...flags.flat()]);

const ENV_KEYS = [
  "TIKTOK_DAILY_REQUESTS",
  "OBSERVATORY_PSEUDONYM_SALT",
  "TIKTOK_CLIENT_KEY",
  "TIKTOK_CLIENT_SECRET",
  "TIKTOK_API_BASE_URL",
  "OBSERVATORY_STATE_DIR",
];
/** Values for the environment and .env files; URLs stay on loopback (the emulator or closed ports). */
const envValue = (emulatorUrl: string) =>
  fc.oneof(
    weirdValue,
    fc.constantFrom(
      emulatorUrl,
      `${emulatorUrl}/`,
      NOT_THE_API,
      `${NOT_THE_API}/v2`,
      "ftp://127.0.0.1",
      "127.0.0.1:9",
      SUITE_CLIENT.clientKey,
      "a-much-too-short",
      "0123456789abcdef0123",
      "0",
      "abc",
    ),
  );
const envChanges = (emulatorUrl: string) =>
  fc.array(fc.tuple(fc.constantFrom(...ENV_KEYS), fc.option(envValue(emulatorUrl))), { maxLength: 3 });
const dotenvText = (emulatorUrl: string) =>
  fc
    .array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...ENV_KEYS), envValue(emulatorUrl)).map(([k, v]) => `${k}=${v}`),
        fc.string({ maxLength: 40 }),
        fc.constantFrom("export X=1", "# comment", "=novalue", "KEY='unterminated", 'Q="a\\nb"', "\u0000"),
      ),
      { maxLength: 6 },
    )
    .map((lines) => lines.join("\n"));
const inputFile = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc
    .array(
      fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.constantFrom(
          '{"platform":"tiktok","content_type":"video","platform_id":"7000000000000000000","published_at":"2026-09-01T00:00:00Z"}',
          '{"platform":"tiktok","content_type":"video","platform_id":"not-a-number"}',
          '{"platform_id":12345678901234567890}',
          "platform,arena,platform_id\ntiktok,social_media,7000000000000000000",
          "{",
        ),
      ),
      { maxLength: 5 },
    )
    .map((lines) => lines.join("\n")),
);

// --- in-process runs -----------------------------------------------------------------------------

interface Outcome {
  code: number | string;
  stdout: string;
  stderr: string;
}

function sink() {
  let text = "";
  return {
    get text() {
      return text;
    },
    sink: {
      write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void) {
        text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        callback?.();
        return true;
      },
      once() {
        return undefined;
      },
    },
  };
}

async function inProcess(
  argv: string[],
  env: Record<string, string>,
  files: { dotenv?: string; input?: string },
): Promise<Outcome> {
  const cwd = artifactDir("cli-fuzz");
  if (files.dotenv !== undefined) writeFileSync(join(cwd, ".env"), files.dotenv);
  if (files.input !== undefined) writeFileSync(join(cwd, "in.jsonl"), files.input);
  mkdirSync(join(cwd, "state"), { recursive: true });
  const out = sink();
  const err = sink();
  const io: CliIo = {
    stdout: out.sink,
    stderr: err.sink,
    env,
    cwd,
    onInterrupt: () => () => undefined,
    exitNow: (code: number): never => {
      throw new Error(`exitNow(${code}) without Ctrl-C`);
    },
  };
  let code: number | string;
  try {
    code = await Promise.race([
      runCli(argv, io),
      new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), CASE_TIMEOUT_MS).unref()),
    ]);
  } catch (error) {
    code = `threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
  }
  saveArtifact(
    "cli-fuzz",
    `$ observatory ${JSON.stringify(argv)}\nexit ${code}\n--- stdout\n${out.text.slice(0, 20_000)}\n--- stderr\n${err.text}`,
  );
  return { code, stdout: out.text, stderr: err.text };
}

function tally(map: Map<string, number>, code: number | string) {
  map.set(String(code), (map.get(String(code)) ?? 0) + 1);
}
const codes = (map: Map<string, number>) =>
  [...map.entries()]
    .sort()
    .map(([code, n]) => `exit ${code}: ${n}`)
    .join(", ");

describe("bad input to the observatory command", () => {
  it(`in-process: ${IN_PROCESS_RUNS} fuzzed argument lists, environments, .env and input files`, async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(randomArgv, nearValidArgv),
        envChanges(emulator.url),
        fc.option(dotenvText(emulator.url)),
        fc.option(inputFile),
        async (argv, changes, dotenv, input) => {
          const env: Record<string, string> = cliEnv(emulator.url, {
            TIKTOK_DAILY_REQUESTS: "3",
            OBSERVATORY_STATE_DIR: "state",
          });
          for (const [key, value] of changes) {
            if (value === null) delete env[key];
            else env[key] = value;
          }
          // An unset (or empty) base URL means TikTok's real host: only loopback here, so a closed port
          // stands in (the built-in emulator's path is the demo's and the CLI tests').
          if (!env.TIKTOK_API_BASE_URL) env.TIKTOK_API_BASE_URL = "http://127.0.0.1:9";
          const result = await inProcess(argv, env, {
            ...(dotenv === null ? {} : { dotenv }),
            ...(input === null ? {} : { input }),
          });
          tally(seen, result.code);
          const context = `observatory ${JSON.stringify(argv)} → ${result.code}\n${result.stderr.slice(-2_000)}`;
          expect(DOCUMENTED, context).toContain(result.code);
          expect(result.stderr, context).not.toMatch(CRASH);
          // A failure says something (health prints its report on stdout).
          if (result.code !== 0)
            expect(`${result.stdout}${result.stderr}`.trim().length, context).toBeGreaterThan(0);
        },
      ),
      { numRuns: IN_PROCESS_RUNS },
    );
    rows.push({
      input: "in-process runCli (argv, env, .env, --in file)",
      cases: IN_PROCESS_RUNS,
      outcomes: codes(seen),
    });
  }, 600_000);

  it(`subprocess: the built command with bad arguments and environment (${SUBPROCESS_RANDOM} random cases too)`, async () => {
    /** `collect` of one term over the first week of September, with extra flags. */
    const week = (term: string, ...extra: string[]) => [
      "tiktok",
      "collect",
      "--term",
      term,
      "--since",
      "2026-09-01",
      "--until",
      "2026-09-08",
      ...extra,
    ];
    const fixed: { args: string[]; env?: Record<string, string> }[] = [
      { args: [] },
      { args: ["--help"] },
      { args: ["tiktok"] },
      { args: ["tiktok", "bogus"] },
      { args: ["tiktok", "collect"] },
      { args: ["tiktok", "collect", "--term", "klima", "--since", "yesterday", "--until", "today"] },
      { args: ["tiktok", "collect", "--term", "klima", "--since", "2026-10-01", "--until", "2026-09-01"] },
      {
        args: week("klima", "--format", "xml"),
      },
      { args: week("") },
      {
        args: week("klima", "--window-days", "31"),
      },
      {
        args: week("klima", "--max", "-3"),
      },
      { args: ["tiktok", "actors", "--since", "2026-09-01", "--until", "2026-09-08"] },
      { args: ["tiktok", "comments"] },
      { args: ["tiktok", "comments", "--video", "12abc"] },
      { args: ["tiktok", "user"] },
      { args: ["tiktok", "refresh", "--in", "nosuch.jsonl"] },
      { args: ["tiktok", "forget", "drnyheder", "--in", "nosuch.jsonl", "--out", "kept.jsonl"] },
      { args: ["tiktok", "forget", "--in", "in.jsonl", "--out", "kept.jsonl"] },
      { args: ["tiktok", "emulator", "--port", "99999"] },
      { args: ["tiktok", "emulator", "--port", "0", "--faults", "{not json"] },
      { args: ["tiktok", "emulator", "--port", "0", "--faults", '{"internalErrorRate":7}'] },
      { args: ["tiktok", "emulator", "--videos", "-1"] },
      { args: ["--dotenv", "nosuch.env", "tiktok", "health"] },
      { args: ["tiktok", "health"], env: { TIKTOK_DAILY_REQUESTS: "abc" } },
      { args: ["tiktok", "health"], env: { OBSERVATORY_PSEUDONYM_SALT: "short" } },
      { args: ["tiktok", "health"], env: { TIKTOK_API_BASE_URL: "not a url" } },
      { args: ["tiktok", "health"], env: { TIKTOK_CLIENT_SECRET: "wrong-secret-value" } },
      {
        args: week("klima"),
        env: { TIKTOK_CLIENT_SECRET: "wrong-secret-value" },
      },
      // Nothing listens there: health reports "down" quickly (a collection retries, then stops resumable).
      { args: ["tiktok", "health"], env: { TIKTOK_API_BASE_URL: "http://127.0.0.1:9" } },
      {
        args: week("klima"),
        env: { TIKTOK_API_BASE_URL: NOT_THE_API },
      },
      {
        args: week("\ud800\udfff\ud800"),
      },
    ];
    // A process argument cannot hold a NUL byte (spawn refuses it before the command sees it).
    const random = fc
      .sample(fc.oneof(randomArgv, nearValidArgv), SUBPROCESS_RANDOM)
      .map((args) => ({ args: args.map((a) => a.replaceAll("\u0000", "")) }));
    const cases: { args: string[]; env?: Record<string, string> }[] = [...fixed, ...random];
    const seen = new Map<string, number>();
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < cases.length) {
          const index = next++;
          const { args, env = {} } = cases[index]!;
          const cwd = artifactDir("cli-subprocess");
          const result = await Promise.race([
            runCliProcess(`bad-${index}`, args, {
              cwd,
              env: cliEnv(emulator.url, {
                TIKTOK_DAILY_REQUESTS: "3",
                OBSERVATORY_STATE_DIR: join(cwd, "state"),
                HOME: cwd,
                ...env,
              }),
            }),
            new Promise<null>((resolve) => setTimeout(() => resolve(null), CASE_TIMEOUT_MS).unref()),
          ]);
          const code = result === null ? "timeout" : (result.signal ?? result.code);
          tally(seen, code ?? "none");
          const context = `observatory ${JSON.stringify(args)} ${JSON.stringify(env)} → ${code}\n${result?.stderr.slice(-1_500) ?? ""}`;
          if (!DOCUMENTED.includes(code as number)) failures.push(context);
          else if (CRASH.test(result!.stderr)) failures.push(`crash: ${context}`);
          else if (code !== 0 && `${result!.stdout}${result!.stderr}`.trim() === "")
            failures.push(`no message: ${context}`);
        }
      }),
    );
    rows.push({ input: "subprocess (built dist/bin.js)", cases: cases.length, outcomes: codes(seen) });
    expect(failures).toEqual([]);
  }, 600_000);
});
