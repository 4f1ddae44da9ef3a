import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  dryRunSchema,
  plannedRequestSchema,
  progressEventSchema,
  runSummarySchema,
} from "../machine/machine-schemas.js";
import {
  assertBuilt,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

const QUERY = ["--term", "klima", "--term", "#dkpol", "--since", "2026-09-01", "--until", "2026-10-01"];

/** Parses every stderr line as a progress event: with --progress json nothing else may be there. */
const events = (stderr: string) =>
  stderr
    .trimEnd()
    .split("\n")
    .map((line) => progressEventSchema.parse(JSON.parse(line)));

/** A host driving the command as a subprocess: --json on stdout, --progress json on stderr, budgets, dry runs. */
describe("the machine interface (--json, --progress json, --max-requests, --dry-run)", () => {
  let fixture: EmulatorFixture;
  const work = tempDir();
  const run = (args: string[]) => runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env()) });
  const sent = () =>
    Object.entries(fixture.emulator.stats().requests.byEndpoint as Record<string, number>)
      .filter(([endpoint]) => endpoint !== "oauth/token")
      .reduce((n, [, c]) => n + c, 0);

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("--max-requests stops resumably (exit 6), says so in the summary and the events; the resume completes exactly once", async () => {
    const reference = await run(["tiktok", "collect", ...QUERY, "--out", "reference.jsonl", "--no-progress"]);
    expect(reference.code, reference.stderr).toBe(0);
    const expected = idsOf(readJsonl(join(work.dir, "reference.jsonl"))).sort();

    const args = ["tiktok", "collect", ...QUERY, "--out", "budget.jsonl", "--json", "--progress", "json"];
    const before = sent();
    const first = await run([...args, "--max-requests", "3"]);
    expect(first.code, first.stderr).toBe(6);
    expect(sent() - before).toBe(3);
    const summary = runSummarySchema.parse(JSON.parse(first.stdout));
    expect(summary).toMatchObject({
      outcome: "budget-spent",
      exitCode: 6,
      requests: 3,
      maxRequests: 3,
      command: "tiktok collect",
      output: join(work.dir, "budget.jsonl"),
    });
    expect(summary.resumeCommand).toContain("--run-id");
    const firstEvents = events(first.stderr);
    expect(firstEvents[0]).toMatchObject({ event: "start", command: "tiktok collect", maxRequests: 3 });
    expect(firstEvents.some((e) => e.event === "progress")).toBe(true);
    expect(firstEvents.some((e) => e.event === "log" && /--max-requests 3 spent/.test(e.message))).toBe(true);
    const end = firstEvents.at(-1)!;
    expect(end.event).toBe("end");
    expect(end.event === "end" && end.summary).toEqual(summary);
    expect(new Set(firstEvents.map((e) => e.runId))).toEqual(new Set([summary.runId]));

    const second = await run(args);
    expect(second.code, second.stderr).toBe(0);
    const done = runSummarySchema.parse(JSON.parse(second.stdout));
    expect(done.outcome).toBe("completed");
    expect(done.records.total).toBe(expected.length);
    events(second.stderr);
    expect(idsOf(readJsonl(join(work.dir, "budget.jsonl"))).sort()).toEqual(expected);
  });

  it("--max-requests on a list command (followers): the same stop, exit 6, and a resume", async () => {
    const user = fixture.emulator.corpus.users.find((u) => !u.isPrivate && u.followerCount > 350)!;
    const args = ["tiktok", "followers", user.username, "--out", "f.jsonl", "--json", "--no-progress"];
    const first = await run([...args, "--max-requests", "1"]);
    expect(first.code, first.stderr).toBe(6);
    expect(first.stderr).toMatch(/STOPPED: --max-requests spent/);
    expect(runSummarySchema.parse(JSON.parse(first.stdout)).outcome).toBe("budget-spent");
    const second = await run(args);
    expect(second.code, second.stderr).toBe(0);
    expect(runSummarySchema.parse(JSON.parse(second.stdout)).records.total).toBe(
      fixture.emulator.corpus.followersOf(user).length,
    );
  });

  it("--dry-run prints every planned request body and the count, and sends nothing", async () => {
    const before = sent();
    const plain = await run(["tiktok", "collect", ...QUERY, "--window-days", "10", "--dry-run"]);
    expect(plain.code, plain.stderr).toBe(0);
    const planned = plain.stdout
      .trimEnd()
      .split("\n")
      .map((line) => plannedRequestSchema.parse(JSON.parse(line)));
    expect(planned).toHaveLength(3); // 30 days in 10-day windows, one partition
    expect(planned[0]).toMatchObject({
      endpoint: "video/query/",
      body: { start_date: "20260901", max_count: 100, query: { or: [expect.anything(), expect.anything()] } },
    });
    expect(plain.stderr).toMatch(/dry run: 3 request\(s\) planned/);

    const json = await run(["tiktok", "videos", "--id", "7412345678901234567", "--dry-run", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const plan = dryRunSchema.parse(JSON.parse(json.stdout));
    expect(plan.requests).toBe(1);
    expect(json.stdout).toContain('"field_values":["7412345678901234567"]');

    for (const args of [
      ["actors", "--actor", "drnyheder", "--since", "2026-09-01", "--until", "2026-09-08"],
      ["comments", "--video", "7412345678901234567", "--max-per-video", "30"],
      ["user", "drnyheder"],
      ["following", "drnyheder"],
      ["liked", "drnyheder"],
      ["pinned", "drnyheder"],
      ["reposted", "drnyheder"],
      ["playlist", "7412345678901234567"],
    ]) {
      const result = await run(["tiktok", ...args, "--dry-run", "--json"]);
      expect(result.code, result.stderr).toBe(0);
      expect(dryRunSchema.parse(JSON.parse(result.stdout)).requests).toBeGreaterThan(0);
    }
    // A 64-bit ID in a list body is a bare integer, digit for digit, as the API wants it.
    const comments = await run(["tiktok", "comments", "--video", "7412345678901234567", "--dry-run"]);
    expect(comments.stdout).toContain('"video_id":7412345678901234567');
    expect(sent()).toBe(before);
  });

  it("bad machine flags are exit 2 naming the flag", async () => {
    const noFile = await run(["tiktok", "collect", ...QUERY, "--json"]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/--json prints the summary on stdout.*--out/);
    const zero = await run(["tiktok", "collect", ...QUERY, "--max-requests", "0"]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--max-requests/);
    const mode = await run(["tiktok", "collect", ...QUERY, "--progress", "xml"]);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/--progress <mode>' argument 'xml' is invalid/);
  });
});

describe("the machine outputs hold no secret", () => {
  const SECRET = "machine-known-secret-5e6f708192a3b4c5";
  let fixture: EmulatorFixture;
  const work = tempDir();
  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture({ clients: [{ clientKey: "machine-key", clientSecret: SECRET }] });
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("--json and --progress json, verbose, successful or rejected: no secret and no token in either stream", async () => {
    const args = (out: string) => [
      "tiktok",
      "collect",
      ...QUERY,
      "--out",
      out,
      "--json",
      "--progress",
      "json",
      "-v",
    ];
    const ok = await runCliProcess(args("s.jsonl"), { cwd: work.dir, env: cleanEnv(fixture.env()) });
    expect(ok.code, ok.stderr).toBe(0);
    const rejected = await runCliProcess(args("r.jsonl"), {
      cwd: work.dir,
      env: cleanEnv(fixture.env({ TIKTOK_CLIENT_SECRET: `${SECRET}-wrong` })),
    });
    expect(rejected.code).toBe(1);
    const summary = runSummarySchema.parse(JSON.parse(rejected.stdout));
    expect(summary.outcome).toBe("failed");
    expect(summary.failure).toMatch(/TIKTOK_CLIENT_SECRET/);
    events(rejected.stderr);
    for (const text of [ok.stdout, ok.stderr, rejected.stdout, rejected.stderr]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/\bclt\.(?!\[REDACTED\])/);
    }
  });
});
