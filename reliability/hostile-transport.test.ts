/**
 * The hostile tries of the command's transport (issue 16, items 4 and 5), on the built command as a
 * subprocess against a loopback proxy of the emulator that misbehaves on cue: an endless body must end
 * in a typed error with bounded memory and the output lock released; Ctrl-C and SIGTERM must stop the
 * run within 2 s in every phase (token request, waiting for headers, a stalled body), resumable; a
 * request quiet for the notice time is reported; `--timeout` is honoured.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startBlackHole } from "@observatory/arena-tiktok/testing";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir } from "./support/artifacts.js";
import { assertCliBuilt, cliEnv, runCli, startCli } from "./support/cli.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { type Fault, HostileProxy, type RequestKind } from "./support/hostile-proxy.js";
import { PeakRss } from "./support/peak-rss.js";
import { type ResultRow, recordSection } from "./support/results.js";

const QUERY = ["--term", "klima", "--since", "2026-09-01", "--until", "2026-09-15"];
const STOP_WITHIN_MS = 2_000;
const RSS_LIMIT_MB = 300;

let emulator: Emulator;
let proxy: HostileProxy;
/** The platform IDs of an uninterrupted run, sorted: what every resumed output must hold, once each. */
let referenceIds: string[] = [];
const rows: ResultRow[] = [];

beforeAll(async () => {
  assertCliBuilt();
  emulator = await startSuiteEmulator({ quota: { research: { requests: 1e6, records: 1e9 } } });
  proxy = await HostileProxy.start(emulator.url);
  const cwd = artifactDir("hostile-reference");
  const ref = await runCli("hostile-reference", ["tiktok", "collect", ...QUERY, "--out", "ref.jsonl"], {
    cwd,
    env: cliEnv(emulator.url),
  });
  expect(ref.code).toBe(0);
  referenceIds = idsOf(join(cwd, "ref.jsonl"));
  expect(referenceIds.length).toBeGreaterThan(50);
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  recordSection({
    section: "hostile-transport",
    summary: `${rows.length} hostile transport cases: bounded bodies, timeouts, Ctrl-C/SIGTERM in every phase`,
    rows,
  });
});

const idsOf = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { platform_id: string }).platform_id)
        .sort()
    : [];

describe("bounded responses (item 4)", () => {
  it(`an endless response body ends in a typed error, peak RSS < ${RSS_LIMIT_MB} MB, the lock released`, async () => {
    proxy.script.research = [{ kind: "endless" }];
    const cwd = artifactDir("hostile-endless");
    const started = Date.now();
    const cli = startCli("hostile-endless", ["tiktok", "collect", ...QUERY, "--out", "k.jsonl"], {
      cwd,
      env: cliEnv(proxy.url),
    });
    const rss = new PeakRss(cli.child.pid!);
    // Today's command reads such a body for ever (10 GB in 35 s): stop it at 4x the limit.
    const guard = setInterval(() => {
      if (rss.peakMb > RSS_LIMIT_MB * 4) cli.child.kill("SIGKILL");
    }, 100);
    const result = await cli.done;
    clearInterval(guard);
    const peakMb = rss.stop();
    const seconds = (Date.now() - started) / 1000;
    rows.push({ case: "endless body", exit: String(result.code), peakRssMb: peakMb, seconds });
    expect(peakMb).toBeLessThan(RSS_LIMIT_MB);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/larger than the 32\.0 MB a response may be/);
    expect(result.stderr).not.toMatch(/unexpected failure|FATAL|heap/i);
    expect(existsSync(join(cwd, "k.jsonl.lock"))).toBe(false);
  });

  it("--max-response-mb lowers the cap", async () => {
    proxy.script.research = [{ kind: "endless" }];
    const cwd = artifactDir("hostile-endless-cap");
    const result = await runCli(
      "hostile-endless-cap",
      ["tiktok", "collect", ...QUERY, "--out", "k.jsonl", "--max-response-mb", "2"],
      { cwd, env: cliEnv(proxy.url) },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/larger than the 2\.0 MB a response may be/);
  });
});

describe("Ctrl-C and SIGTERM in every phase (item 5)", () => {
  const phases: { phase: string; kind: RequestKind; fault: Fault }[] = [
    { phase: "token request", kind: "token", fault: { kind: "hang" } },
    { phase: "waiting for headers", kind: "research", fault: { kind: "hang" } },
    { phase: "stalled body", kind: "research", fault: { kind: "stall-body" } },
  ];
  const signals = [
    { signal: "SIGINT", code: 130 },
    { signal: "SIGTERM", code: 143 },
  ] as const;
  for (const { phase, kind, fault } of phases) {
    for (const { signal, code } of signals) {
      it(`${signal} during the ${phase}: exit ${code} within ${STOP_WITHIN_MS} ms, then the same command resumes to the exact result`, async () => {
        proxy.script = { token: [], research: [] };
        // The research request that misbehaves is the second one: a page is already on disk.
        if (kind === "research") proxy.script.research.push({ kind: "pass" });
        proxy.script[kind].push(fault);
        const cwd = artifactDir(`hostile-${signal}-${phase}`);
        const args = ["tiktok", "collect", ...QUERY, "--out", "k.jsonl", "--no-progress"];
        const faulted = proxy.faultStarted();
        const cli = startCli(`hostile-${signal}-${phase}`, args, { cwd, env: cliEnv(proxy.url) });
        await faulted;
        await new Promise((resolve) => setTimeout(resolve, 300));
        const sent = Date.now();
        cli.child.kill(signal);
        const result = await cli.done;
        const stopMs = Date.now() - sent;
        expect(result.code, result.stderr).toBe(code);
        expect(result.stderr).toMatch(/interrupted|terminated/);
        expect(result.stderr).toMatch(/--run-id|resume/i);
        expect(existsSync(join(cwd, "k.jsonl.lock"))).toBe(false);
        proxy.script = { token: [], research: [] };
        const resumed = await runCli(`hostile-${signal}-${phase}-resume`, args, {
          cwd,
          env: cliEnv(proxy.url),
        });
        const ids = idsOf(join(cwd, "k.jsonl"));
        rows.push({
          case: `${signal} during ${phase}`,
          exit: String(result.code),
          stopMs,
          resumedExact: ids.join() === referenceIds.join(),
        });
        expect(stopMs).toBeLessThan(STOP_WITHIN_MS);
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(ids).toEqual(referenceIds); // every record once: no duplicate, no gap
      });
    }
  }
});

describe("timeouts are options, a quiet request is reported (item 5)", () => {
  it("--timeout notice=S reports a request waiting for its headers: what it waits for, attempt n of m", async () => {
    proxy.script = { token: [], research: [{ kind: "late", ms: 1_600 }] };
    const cwd = artifactDir("hostile-notice");
    const result = await runCli(
      "hostile-notice",
      ["tiktok", "collect", ...QUERY, "--out", "k.jsonl", "--no-progress", "--timeout", "notice=0.5"],
      { cwd, env: cliEnv(proxy.url) },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /still waiting for response headers of video query [^\n]*nothing received for \d+ s \(attempt 1 of 5\)/,
    );
    rows.push({ case: "quiet request reported", exit: String(result.code), stopMs: 0, resumedExact: true });
  });

  it("--timeout stall=S: a body that stalls is given up after S seconds and retried; the run completes exactly", async () => {
    proxy.script = { token: [], research: [{ kind: "pass" }, { kind: "stall-body" }] };
    const cwd = artifactDir("hostile-stall-timeout");
    const started = Date.now();
    const result = await runCli(
      "hostile-stall-timeout",
      ["tiktok", "collect", ...QUERY, "--out", "k.jsonl", "--no-progress", "--timeout", "headers=30,stall=1"],
      { cwd, env: cliEnv(proxy.url) },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(idsOf(join(cwd, "k.jsonl"))).toEqual(referenceIds);
    expect(Date.now() - started).toBeLessThan(20_000);
    rows.push({ case: "stall timeout retried", exit: String(result.code), stopMs: 0, resumedExact: true });
  });

  it("--timeout connect=S: a connection never made is given up after S seconds and retried, then a typed failure naming it", async () => {
    const hole = await startBlackHole();
    try {
      const cwd = artifactDir("hostile-connect-timeout");
      const started = Date.now();
      const result = await runCli(
        "hostile-connect-timeout",
        ["tiktok", "collect", ...QUERY, "--out", "k.jsonl", "--no-progress", "--timeout", "connect=1"],
        { cwd, env: cliEnv(hole.url) },
      );
      const ms = Date.now() - started;
      // Five attempts of ~1 s each with backoff between them, not the 300 s headers timeout.
      expect(ms).toBeLessThan(60_000);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/retrying token request in \d+ ms: the request timed out \(connecting\)/);
      expect(result.stderr).toMatch(
        /FAILED: The token request: the request timed out \(connecting\) \(after 5 attempts\)/,
      );
      expect(result.stderr).not.toMatch(/unexpected/i);
      rows.push({
        case: "connect timeout retried, then a typed failure",
        exit: String(result.code),
        stopMs: ms,
        resumedExact: true,
      });
    } finally {
      await hole.close();
    }
  }, 90_000);

  it("a bad --timeout is exit 2 naming the flag and a valid value", async () => {
    const result = await runCli("hostile-timeout-bad", ["tiktok", "collect", ...QUERY, "--timeout", "soon"], {
      cwd: artifactDir("hostile-timeout-bad"),
      env: cliEnv(proxy.url),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--timeout[^\n]*headers=300/);
  });
});
