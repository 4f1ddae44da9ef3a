/**
 * The hostile tries of the command (issue 16, items 6, 7 and 9) on the built command as a subprocess:
 * formulas in CSV cells, a 60 MB line in an input file, outputs that are devices or unwritable,
 * values the API would choke on, misleading messages. Every case ends with a documented exit code and
 * a message that names the value and the fix — never "unexpected failure" or a stack.
 */

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import type { Emulator } from "@observatory/tiktok-emulator";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, type CliResult, cliEnv, runCli, startCli } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { HostileProxy } from "./support/hostile-proxy.js";
import { PeakRss } from "./support/peak-rss.js";
import { type ResultRow, recordSection } from "./support/results.js";

const QUERY = ["--term", "klima", "--since", "2026-09-01", "--until", "2026-09-15", "--no-progress"];
const CRASH = /unexpected failure|\n\s+at [^\n]*:\d+:\d+\)?\n|UnhandledPromiseRejection/;

let emulator: Emulator;
let proxy: HostileProxy;
const rows: ResultRow[] = [];

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startSuiteEmulator({ quota: { research: { requests: 1e6, records: 1e9 } } });
  proxy = await HostileProxy.start(emulator.url);
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  recordSection({
    section: "hostile-cli",
    summary: `${rows.length} hostile tries of the command: CSV formulas, huge input lines, odd outputs and values`,
    rows,
  });
});

/** Runs the command in a fresh folder; `files` are written there first. */
async function hostile(
  name: string,
  args: string[],
  options: { env?: Record<string, string>; files?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult & { cwd: string }> {
  const cwd = options.cwd ?? artifactDir(`hostile-cli-${name}`);
  for (const [file, text] of Object.entries(options.files ?? {})) writeFileSync(join(cwd, file), text);
  const result = await runCli(`hostile-cli-${name}`, args, { cwd, env: options.env ?? cliEnv(emulator.url) });
  expect(result.stderr).not.toMatch(CRASH);
  return { ...result, cwd };
}

function expectExit(name: string, result: CliResult, code: number, message: RegExp): void {
  const line = result.stderr.split("\n").find((l) => message.test(l)) ?? "";
  rows.push({ case: name, exit: String(result.code), message: line.slice(0, 160) });
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(message);
}

const jsonl = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("CSV injection (item 6)", () => {
  const PREFIXES = [
    '=HYPERLINK(\\"http://x\\")',
    "+1+",
    "-2+3 ",
    "@SUM(1) ",
    "\\t=1 ",
    "\\r=1 ",
    "'=quoted ",
  ];

  it("cells a spreadsheet would run are neutralised, and the command's CSV reader gives back the exact text", async () => {
    // The same prefix for the same video in both runs: chosen by the description's own characters.
    proxy.rewrite = (body) =>
      body.replace(/"video_description":"((?:[^"\\]|\\.)*)"/g, (_, text: string) => {
        const pick = [...text].reduce((sum, c) => sum + c.charCodeAt(0), 0) % PREFIXES.length;
        return `"video_description":"${PREFIXES[pick]}${text}"`;
      });
    const cwd = artifactDir("hostile-cli-csv");
    try {
      const asJsonl = await hostile("csv-jsonl", ["tiktok", "collect", ...QUERY, "--out", "c.jsonl"], {
        cwd,
        env: cliEnv(proxy.url),
      });
      expect(asJsonl.code, asJsonl.stderr).toBe(0);
      const asCsv = await hostile(
        "csv-csv",
        ["tiktok", "collect", ...QUERY, "--format", "csv", "--out", "c.csv"],
        {
          cwd,
          env: cliEnv(proxy.url),
        },
      );
      expect(asCsv.code, asCsv.stderr).toBe(0);
    } finally {
      proxy.rewrite = undefined;
    }
    const records = jsonl(readFileSync(join(cwd, "c.jsonl"), "utf8"));
    const dangerous = records.filter((r) => /^[=+\-@\t\r]/.test(String(r.text_content ?? "")));
    expect(dangerous.length).toBeGreaterThan(10);
    const cells = (parse(readFileSync(join(cwd, "c.csv"), "utf8")) as string[][]).flat();
    const formulas = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
    expect(formulas).toEqual([]);

    // `refresh --in c.csv` keeps each record's text as the CSV reader read it back.
    const refreshed = await hostile(
      "csv-refresh",
      ["tiktok", "refresh", "--in", "c.csv", "--out", "r.jsonl"],
      {
        cwd,
      },
    );
    expect(refreshed.code, refreshed.stderr).toBe(0);
    const back = new Map(jsonl(readFileSync(join(cwd, "r.jsonl"), "utf8")).map((r) => [r.platform_id, r]));
    let exact = 0;
    for (const r of records) {
      const b = back.get(r.platform_id);
      expect(b?.text_content, String(r.platform_id)).toBe(r.text_content);
      expect(b?.title).toBe(r.title);
      exact++;
    }
    rows.push({
      case: "CSV formulas",
      exit: "0",
      message: `${dangerous.length} formula-like texts, 0 formula cells, ${exact}/${records.length} read back exactly`,
    });
  });
});

describe("input files (item 7)", () => {
  it("a 60 MB line in --in is exit 2 naming the line, in seconds and bounded memory", async () => {
    const cwd = artifactDir("hostile-cli-long-line");
    const collected = await hostile(
      "long-line-collect",
      ["tiktok", "collect", ...QUERY, "--out", "c.jsonl"],
      { cwd },
    );
    expect(collected.code).toBe(0);
    const first = readFileSync(join(cwd, "c.jsonl"), "utf8").split("\n")[0];
    writeFileSync(join(cwd, "big.jsonl"), `${first}\n{"x":"${"a".repeat(60 * 1_048_576)}"}\n`);
    const started = Date.now();
    const cli = startCli(
      "hostile-cli-long-line",
      ["tiktok", "refresh", "--in", "big.jsonl", "--out", "r.jsonl"],
      {
        cwd,
        env: cliEnv(emulator.url),
      },
    );
    const rss = new PeakRss(cli.child.pid!);
    const result = await cli.done;
    const peakMb = rss.stop();
    const seconds = (Date.now() - started) / 1000;
    expectExit("60 MB line", result, 2, /--in big\.jsonl line 2: longer than 16 MB/);
    rows.push({
      case: "60 MB line: time and memory",
      exit: String(result.code),
      message: `${seconds} s, peak RSS ${peakMb} MB`,
    });
    expect(seconds).toBeLessThan(10);
    expect(peakMb).toBeLessThan(300);
  });

  it("a CSV row beyond the limit is exit 2 naming the row", async () => {
    const header = "platform,arena,platform_id,content_type\n";
    const result = await hostile("long-row", ["tiktok", "refresh", "--in", "big.csv", "--out", "r.jsonl"], {
      files: { "big.csv": `${header}tiktok,social_media,"${"a".repeat(17 * 1_048_576)}",video\n` },
    });
    expectExit("17 MB CSV row", result, 2, /--in big\.csv row \d+: longer than 16 MB/);
  });
});

describe("outputs that cannot be one (item 9)", () => {
  for (const device of ["/dev/null", "/dev/full"]) {
    it(`--out ${device} is exit 2 naming it, not "unexpected failure"`, async () => {
      const result = await hostile(`out-${device}`, ["tiktok", "collect", ...QUERY, "--out", device]);
      expectExit(
        `--out ${device}`,
        result,
        2,
        new RegExp(`--out ${device} is a character device, not a regular file`),
      );
      expect(existsSync(`${device}.resume.json`)).toBe(false);
      expect(existsSync(`${device}.lock`)).toBe(false);
    });
  }

  it("--out in a folder this user cannot write is exit 2 naming the folder and the reason", async () => {
    // root writes anywhere on a normal file system; /sys refuses even root.
    const root = process.getuid?.() === 0;
    const cwd = artifactDir("hostile-cli-readonly");
    const out = root ? "/sys/observatory-hostile/o.jsonl" : join(cwd, "ro", "o.jsonl");
    if (!root) {
      mkdirSync(join(cwd, "ro"), { mode: 0o555 });
    }
    const result = await hostile("readonly", ["tiktok", "collect", ...QUERY, "--out", out], { cwd });
    expectExit(
      "--out in a read-only folder",
      result,
      2,
      /--out [^\n]*: cannot write [^\n]*(permission denied|not permitted|read-only)/,
    );
  });

  it("--out /dev/stdout writes the records to stdout and no sidecar or lock into /dev", async () => {
    const result = await hostile("dev-stdout", ["tiktok", "collect", ...QUERY, "--out", "/dev/stdout"]);
    rows.push({
      case: "--out /dev/stdout",
      exit: String(result.code),
      message: `${jsonl(result.stdout).length} records on stdout`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(jsonl(result.stdout).length).toBeGreaterThan(50);
    expect(existsSync("/dev/stdout.resume.json")).toBe(false);
    expect(existsSync("/dev/stdout.lock")).toBe(false);
  });
});

describe("values the API would choke on are exit 2 naming the value (item 9)", () => {
  const cases: [string, string[], RegExp][] = [
    ["a term with a line break", ["--term", "kli\nma"], /--term "kli\\nma": a term cannot hold a line break/],
    [
      "a term with a control character",
      ["--term", "kli\u0001ma"],
      /--term "kli\\u0001ma": [^\n]*control character/,
    ],
    ["--region XX", ["--term", "klima", "--region", "XX"], /--region "XX": not an ISO 3166-1 country code/],
    [
      "--language xx",
      ["--term", "klima", "--language", "xx"],
      /--language "xx": not an ISO 639-1 language code/,
    ],
    ["an empty --run-id", ["--term", "klima", "--run-id", ""], /--run-id[^\n]*"" is not a run ID/],
    [
      "--window-days 0",
      ["--term", "klima", "--window-days", "0"],
      /--window-days[^\n]*e\.g\. --window-days 7/,
    ],
    [
      "--window-days 40",
      ["--term", "klima", "--window-days", "40"],
      /--window-days[^\n]*e\.g\. --window-days 7/,
    ],
    ["--max beyond 2^53", ["--term", "klima", "--max", "99999999999999999999"], /--max[^\n]*too large/],
  ];
  for (const [name, flags, message] of cases) {
    it(name, async () => {
      const result = await hostile(name, [
        "tiktok",
        "collect",
        ...flags,
        "--since",
        "2026-09-01",
        "--until",
        "2026-09-15",
        "--out",
        "o.jsonl",
      ]);
      expectExit(name, result, 2, message);
      expect(result.stderr).not.toMatch(/maxResults/);
    });
  }

  it("a video ID beyond int64", async () => {
    const result = await hostile("video-int64", [
      "tiktok",
      "comments",
      "--video",
      "9223372036854775808",
      "--out",
      "o.jsonl",
    ]);
    expectExit("a video ID beyond int64", result, 2, /--video "9223372036854775808" is not a video ID/);
  });

  it("followers --max beyond 2^53 says --max, not maxResults", async () => {
    const result = await hostile("followers-max", [
      "tiktok",
      "followers",
      "drnyheder",
      "--max",
      "99999999999999999999",
    ]);
    expectExit("followers --max beyond 2^53", result, 2, /--max[^\n]*too large/);
    expect(result.stderr).not.toMatch(/maxResults/);
  });
});

describe("messages that told the wrong story (item 9)", () => {
  it("health calls a refused connection down", async () => {
    const port = await freePort();
    const result = await hostile("health-refused", ["tiktok", "health"], {
      env: cliEnv(`http://127.0.0.1:${port}`),
    });
    expectExit("health, connection refused", result, 1, /could not be reached \(ECONNREFUSED\)/);
    expect(result.stdout + result.stderr).toMatch(/status\s+down/);
  });

  it("a base URL with a wrong path is not reported as rejected credentials", async () => {
    const result = await hostile("wrong-path", ["tiktok", "collect", ...QUERY, "--out", "o.jsonl"], {
      env: cliEnv(`${emulator.url}/wrong/path`),
    });
    expectExit(
      "base URL with a wrong path",
      result,
      2,
      /token endpoint is not at this base URL[^\n]*TIKTOK_API_BASE_URL/,
    );
    expect(result.stderr).not.toMatch(/rejected the client credentials/);
  });

  it("forget that matched nothing (a wrong salt) exits 1 saying so, and writes no output", async () => {
    const cwd = artifactDir("hostile-cli-forget");
    const collected = await hostile("forget-collect", ["tiktok", "collect", ...QUERY, "--out", "c.jsonl"], {
      cwd,
    });
    expect(collected.code).toBe(0);
    const author = "drnyheder";
    const result = await hostile(
      "forget-wrong-salt",
      ["tiktok", "forget", author, "--in", "c.jsonl", "--out", "kept.jsonl"],
      {
        cwd,
        env: cliEnv(emulator.url, { OBSERVATORY_PSEUDONYM_SALT: "not-the-study-salt-0123456789" }),
      },
    );
    expectExit(
      "forget matched nothing",
      result,
      1,
      /no record of --in c\.jsonl names @drnyheder: nothing was removed[^\n]*OBSERVATORY_PSEUDONYM_SALT/,
    );
    expect(existsSync(join(cwd, "kept.jsonl"))).toBe(false);
  });
});

describe("Redis dies mid-run (item 9)", () => {
  it("the message names Redis and the step, and does not claim nothing was sent when requests were", async () => {
    const port = await freePort();
    const redis = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    try {
      await waitForPort(port);
      // The third research request answers late; Redis is killed while it waits.
      proxy.script = {
        token: [],
        research: [{ kind: "pass" }, { kind: "pass" }, { kind: "late", ms: 1_500 }],
      };
      const faulted = proxy.faultStarted();
      const cwd = artifactDir("hostile-cli-redis");
      const running = startCli(
        "hostile-cli-redis",
        [
          "tiktok",
          "collect",
          "--term",
          "klima",
          "--since",
          "2026-01-01",
          "--until",
          "2026-10-01",
          "--no-progress",
          "--out",
          "o.jsonl",
        ],
        { cwd, env: cliEnv(proxy.url, { REDIS_URL: `redis://127.0.0.1:${port}` }) },
      );
      await faulted;
      redis.kill("SIGKILL");
      const result = await running.done;
      const requests = Number(/requests\s+(\d+)/.exec(result.stderr)?.[1] ?? 0);
      expectExit(
        "Redis died mid-run",
        result,
        1,
        /Redis at 127\.0\.0\.1:\d+ is unreachable[^\n]*did not happen/,
      );
      expect(requests).toBeGreaterThan(0);
      expect(result.stderr).not.toMatch(/nothing was sent/i);
    } finally {
      proxy.script = { token: [], research: [] };
      redis.kill("SIGKILL");
    }
  });
});

function waitForPort(port: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() - started > 10_000) reject(new Error(`redis-server did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
