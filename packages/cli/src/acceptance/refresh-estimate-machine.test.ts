import { writeFileSync } from "node:fs";
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
  type CliResult,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  startCli,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

/** Two months of videos: the refresh needs several batches (a batch's create dates span ≤ 28 days). */
const VIDEOS = ["--term", "klima", "--since", "2026-08-01", "--until", "2026-10-01"];
const RANGE = ["--since", "2026-09-01", "--until", "2026-10-01"];

const events = (stderr: string) =>
  stderr
    .trimEnd()
    .split("\n")
    .map((line) => progressEventSchema.parse(JSON.parse(line)));

function expectUsage(result: CliResult, flag: string | RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(flag);
}

/** `refresh` with the machine options, and `estimate` with collect's condition flags and --query-file. */
describe("refresh --max-requests/--dry-run/--json/--progress json; estimate with conditions", () => {
  let fixture: EmulatorFixture;
  let videos: Record<string, unknown>[] = [];
  const work = tempDir();
  const run = (args: string[]) => runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env()) });
  const sent = () =>
    Object.entries(fixture.emulator.stats().requests.byEndpoint as Record<string, number>)
      .filter(([endpoint]) => endpoint !== "oauth/token")
      .reduce((n, [, c]) => n + c, 0);

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture();
    const result = await run(["tiktok", "collect", ...VIDEOS, "--out", "videos.jsonl", "--no-progress"]);
    expect(result.code, result.stderr).toBe(0);
    videos = readJsonl(join(work.dir, "videos.jsonl"));
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("refresh --dry-run prints each planned batch request with exact string IDs and sends nothing", async () => {
    const before = sent();
    const plain = await run(["tiktok", "refresh", "--in", "videos.jsonl", "--dry-run"]);
    expect(plain.code, plain.stderr).toBe(0);
    const planned = plain.stdout
      .trimEnd()
      .split("\n")
      .map((line) => plannedRequestSchema.parse(JSON.parse(line)));
    expect(planned.length).toBeGreaterThanOrEqual(3);
    expect(plain.stderr).toMatch(new RegExp(`dry run: ${planned.length} request\\(s\\) planned`));
    // Every video of --in is asked for exactly once, as the exact string it was collected as.
    const asked = planned.flatMap((p) => {
      const body = p.body as { query: { and: { field_name: string; field_values: string[] }[] } };
      expect(body.query.and[0]?.field_name).toBe("video_id");
      return body.query.and[0]!.field_values;
    });
    expect(asked.sort()).toEqual(idsOf(videos).sort());
    expect(plain.stdout).toContain(`"${String(videos[0]!.platform_id)}"`);

    const json = await run(["tiktok", "refresh", "--in", "videos.jsonl", "--dry-run", "--json"]);
    expect(json.code, json.stderr).toBe(0);
    const plan = dryRunSchema.parse(JSON.parse(json.stdout));
    expect(plan).toMatchObject({ command: "tiktok refresh", requests: planned.length });
    expect(sent()).toBe(before);
  });

  it("refresh --max-requests stops resumably (exit 6) with a JSON summary and NDJSON events; the same command completes", async () => {
    const args = ["tiktok", "refresh", "--in", "videos.jsonl", "--out", "refreshed.jsonl", "--json"];
    const before = sent();
    const first = await run([...args, "--progress", "json", "--max-requests", "1"]);
    expect(first.code, first.stderr).toBe(6);
    expect(sent() - before).toBe(1);
    const summary = runSummarySchema.parse(JSON.parse(first.stdout));
    expect(summary).toMatchObject({
      command: "tiktok refresh",
      outcome: "budget-spent",
      exitCode: 6,
      requests: 1,
      maxRequests: 1,
      runId: "refresh",
      output: join(work.dir, "refreshed.jsonl"),
      partitions: { unit: "batches", done: 1 },
    });
    expect(summary.partitions.total).toBeGreaterThan(1);
    expect(summary.resumeCommand).toContain("--max-requests");
    const written = summary.records.written;
    expect(written).toBeGreaterThan(0);
    const stream = events(first.stderr);
    expect(stream[0]).toMatchObject({ event: "start", command: "tiktok refresh", maxRequests: 1 });
    expect(stream.some((e) => e.event === "progress")).toBe(true);
    expect(stream.at(-1)).toEqual(expect.objectContaining({ event: "end", summary }));

    const second = await run(args);
    expect(second.code, second.stderr).toBe(0);
    const done = runSummarySchema.parse(JSON.parse(second.stdout));
    expect(done.outcome).toBe("completed");
    expect(done.resumeCommand).toBeUndefined();
    // People's summary on stderr (no --progress json), the machine's on stdout.
    expect(second.stderr).toMatch(/continuing the refresh/);
    const refreshed = readJsonl(join(work.dir, "refreshed.jsonl"));
    const missing = [...(summary.targets ?? []), ...(done.targets ?? [])].map((t) => t.target);
    expect(refreshed.length).toBe(written + done.records.written);
    expect([...idsOf(refreshed), ...missing].sort()).toEqual(idsOf(videos).sort());
    for (const record of refreshed) {
      expect(record.raw_metadata).toHaveProperty("engagement_refreshed_at");
    }
  });

  it("refresh --db --max-requests: exit 6 with the summary, the same command refreshes the rest", async () => {
    // One random page per 30-day window over two months: few rows to write, in more than one batch.
    const sample = ["--random", "--fixed-windows", "--window-days", "30", "--db", "store", "--no-progress"];
    const collected = await run(["tiktok", "collect", ...VIDEOS, ...sample]);
    expect(collected.code, collected.stderr).toBe(0);
    const dry = await run(["tiktok", "refresh", "--db", "store", "--all", "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    const batches = dryRunSchema.parse(JSON.parse(dry.stdout)).requests;
    expect(batches).toBeGreaterThan(1);

    const args = ["tiktok", "refresh", "--db", "store", "--all", "--json", "--no-progress"];
    const first = await run([...args, "--max-requests", "1"]);
    expect(first.code, first.stderr).toBe(6);
    expect(first.stderr).toMatch(/pending\s+\d+ not refreshed \(--max-requests 1 spent\)/);
    const stopped = runSummarySchema.parse(JSON.parse(first.stdout));
    expect(stopped).toMatchObject({
      outcome: "budget-spent",
      requests: 1,
      partitions: { done: 1, total: batches },
    });
    const rest = await run(args);
    expect(rest.code, rest.stderr).toBe(0);
    const done = runSummarySchema.parse(JSON.parse(rest.stdout));
    expect(done).toMatchObject({ outcome: "completed", requests: batches });
    expect(done.output).toBe(stopped.output);
  });

  it("SIGTERM stops a refresh after the batch in flight: exit 143, an interrupted summary; the same command finishes it", async () => {
    // The same corpus (seed 42), answering slowly enough to be stopped mid-run.
    const slow = await startEmulatorFixture({ latencyMs: 250 });
    try {
      const args = ["tiktok", "refresh", "--in", "videos.jsonl", "--out", "stopped.jsonl", "--json"];
      const env = cleanEnv(slow.env());
      const cli = startCli([...args, "--progress", "json"], { cwd: work.dir, env });
      await cli.waitForStderr(/"event":"progress"/);
      cli.child.kill("SIGTERM");
      const stopped = await cli.done;
      expect(stopped.code, stopped.stderr).toBe(143);
      const summary = runSummarySchema.parse(JSON.parse(stopped.stdout));
      expect(summary).toMatchObject({ outcome: "interrupted", exitCode: 143 });
      expect(summary.partitions.done).toBeLessThan(summary.partitions.total);
      expect(
        events(stopped.stderr).some((e) => e.event === "log" && /terminated \(SIGTERM\)/.test(e.message)),
      ).toBe(true);
      const kept = readJsonl(join(work.dir, "stopped.jsonl"));
      expect(kept.length).toBe(summary.records.written);

      const rest = await runCliProcess(args, { cwd: work.dir, env });
      expect(rest.code, rest.stderr).toBe(0);
      const done = runSummarySchema.parse(JSON.parse(rest.stdout));
      const refreshed = idsOf(readJsonl(join(work.dir, "stopped.jsonl")));
      const missing = [...(summary.targets ?? []), ...(done.targets ?? [])].map((t) => t.target);
      // Exactly once: nothing written twice, nothing left out.
      expect(new Set(refreshed).size).toBe(refreshed.length);
      expect([...refreshed, ...missing].sort()).toEqual(idsOf(videos).sort());
    } finally {
      await slow.close();
    }
  });

  it("a refresh that fails (rejected credentials) still ends with a failed summary and event, and no secret in either stream", async () => {
    const wrong = "refresh-wrong-secret-0f1e2d3c4b5a69788796";
    const failed = await runCliProcess(
      [
        "tiktok",
        "refresh",
        "--in",
        "videos.jsonl",
        "--out",
        "denied.jsonl",
        "--json",
        "--progress",
        "json",
        "-v",
      ],
      { cwd: work.dir, env: cleanEnv(fixture.env({ TIKTOK_CLIENT_SECRET: wrong })) },
    );
    expect(failed.code, failed.stderr).toBe(1);
    const summary = runSummarySchema.parse(JSON.parse(failed.stdout));
    expect(summary).toMatchObject({ command: "tiktok refresh", outcome: "failed", exitCode: 1, requests: 0 });
    expect(summary.failure).toMatch(/TIKTOK_CLIENT_SECRET/);
    expect(events(failed.stderr).at(-1)).toEqual(expect.objectContaining({ event: "end", summary }));
    for (const text of [failed.stdout, failed.stderr]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toMatch(/\bclt\.(?!\[REDACTED\])/);
    }
  });

  it("refresh's machine flags: bad input is exit 2 naming the flag", async () => {
    expectUsage(
      await run(["tiktok", "refresh", "--in", "videos.jsonl", "--json"]),
      /--json prints the summary on stdout.*--out/,
    );
    expectUsage(
      await run(["tiktok", "refresh", "--in", "videos.jsonl", "--out", "x.jsonl", "--max-requests", "0"]),
      /--max-requests/,
    );
    expectUsage(
      await run(["tiktok", "refresh", "--in", "videos.jsonl", "--progress", "xml"]),
      /--progress <mode>' argument 'xml' is invalid/,
    );
  });

  it("estimate --music-id/--video-length/--query-file: the query collect would send, from history once it ran", async () => {
    const music = fixture.emulator.corpus.videos[0]!.musicId;
    const conditions = ["--term", "klima", "--video-length", "SHORT,MID", "--not-username", "spamacct"];
    const before = sent();
    const fresh = await run(["tiktok", "estimate", ...conditions, ...RANGE, "--json"]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(JSON.parse(fresh.stdout)).toMatchObject({ basis: "partitions", partitions: 1, windows: 1 });
    expect(sent()).toBe(before);

    const collected = await run(["tiktok", "collect", ...conditions, ...RANGE, "--out", "cond.jsonl"]);
    expect(collected.code, collected.stderr).toBe(0);
    const known = await run(["tiktok", "estimate", ...conditions, ...RANGE]);
    expect(known.code, known.stderr).toBe(0);
    expect(known.stdout).toMatch(/^basis\s+history/m);

    writeFileSync(
      join(work.dir, "q.json"),
      JSON.stringify({ and: [{ field_name: "music_id", operation: "EQ", field_values: [music] }] }),
    );
    const fromFile = await run(["tiktok", "estimate", "--query-file", "q.json", ...RANGE, "--json"]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ partitions: 1 });
  });

  it("estimate while a collect is paused (exit 6): planned from the windows the run has finished", async () => {
    // (How near such an estimate lands is measured in the plans bench and arena-tiktok's tests.)
    const query = ["--term", "#dkpol", "--since", "2026-01-01", "--until", "2026-10-01"];
    const cold = JSON.parse((await run(["tiktok", "estimate", ...query, "--json"])).stdout);
    expect(cold).toMatchObject({ basis: "partitions" });
    const paused = await run(["tiktok", "collect", ...query, "--out", "paused.jsonl", "--max-requests", "8"]);
    expect(paused.code, paused.stderr).toBe(6);
    const before = sent();
    const estimate = await run(["tiktok", "estimate", ...query]);
    expect(estimate.code, estimate.stderr).toBe(0);
    expect(sent()).toBe(before);
    expect(estimate.stdout).toMatch(
      /^basis\s+history \(earlier runs of this query, or the windows of its run under way\)$/m,
    );
    expect(estimate.stdout).toMatch(
      /windows a run of this query has finished so far \(it has not completed\)/,
    );
    const rest = await run(["tiktok", "collect", ...query, "--out", "paused.jsonl"]);
    expect(rest.code, rest.stderr).toBe(0);
    const after = JSON.parse((await run(["tiktok", "estimate", ...query, "--json"])).stdout);
    expect(after.notes[0]).toMatch(/from 1 earlier run\(s\) of this query covering 273 day\(s\)/);
  });

  it("estimate's condition flags: bad input is exit 2 naming the flag (and the query file's JSON path)", async () => {
    expectUsage(
      await run(["tiktok", "estimate", "--video-length", "medium", ...RANGE]),
      /--video-length "medium": use one of SHORT, MID, LONG, EXTRA_LONG/,
    );
    expectUsage(await run(["tiktok", "estimate", "--music-id", "12x", ...RANGE]), /--music-id "12x"/);
    expectUsage(await run(["tiktok", "estimate", "--effect-id", "e1", ...RANGE]), /--effect-id "e1"/);
    expectUsage(await run(["tiktok", "estimate", "--username", "a b", ...RANGE]), /--username "a b"/);
    expectUsage(
      await run(["tiktok", "estimate", "--all-hashtags", "dk pol", ...RANGE]),
      /--all-hashtags "dk pol"/,
    );
    for (const list of ["liked", "reposted"]) {
      expectUsage(await run(["tiktok", list, "no spaces"]), /NAME "no spaces" is not a TikTok username/);
    }
    writeFileSync(
      join(work.dir, "bad.json"),
      JSON.stringify({ and: [{ field_name: "music_id", operation: "LIKE", field_values: ["1"] }] }),
    );
    expectUsage(
      await run(["tiktok", "estimate", "--query-file", "bad.json", ...RANGE]),
      /--query-file bad\.json: query\.and\[0\]\.operation: operation must be one of/,
    );
    expectUsage(await run(["tiktok", "estimate", "--actor", "dr", "--music-id", "1", ...RANGE]), /--actor/);
    expectUsage(
      await run(["tiktok", "estimate", "--query-file", "q.json", "--term", "klima", ...RANGE]),
      /--term does not go with --query-file/,
    );
  });
});
