import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  startCli,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

const VIDEOS = ["--term", "klima", "--since", "2026-09-01", "--until", "2026-09-15"];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("comments, user, followers/following and refresh", () => {
  let fixture: EmulatorFixture;
  let videos: Record<string, unknown>[] = [];
  let accounts: string[] = [];
  const work = tempDir();
  const run = (args: string[]) => runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env()) });

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture({ latencyMs: 15 });
    accounts = fixture.emulator.corpus.users
      .filter((u) => u.videoCount >= 5 && !u.isPrivate && u.followerCount > 100)
      .slice(0, 2)
      .map((u) => u.username);
    const result = await run(["tiktok", "collect", ...VIDEOS, "--out", "videos.jsonl"]);
    expect(result.code, result.stderr).toBe(0);
    videos = readJsonl(join(work.dir, "videos.jsonl"));
    expect(videos.length).toBeGreaterThan(50);
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("comments --in a file of videos: comment records of those videos, exactly once after a kill -9", async () => {
    const args = ["tiktok", "comments", "--in", "videos.jsonl", "--out", "comments.jsonl"];
    const reference = await run([...args.slice(0, -1), "comments-reference.jsonl"]);
    expect(reference.code, reference.stderr).toBe(0);
    const expected = idsOf(readJsonl(join(work.dir, "comments-reference.jsonl")));
    expect(expected.length).toBeGreaterThan(100);

    const killed = startCli(args, { cwd: work.dir, env: cleanEnv(fixture.env()) });
    await killed.waitForStderr(/progress: /);
    await sleep(300);
    killed.child.kill("SIGKILL");
    await killed.done;
    const resumed = await run(args);
    expect(resumed.code, resumed.stderr).toBe(0);
    const comments = readJsonl(join(work.dir, "comments.jsonl"));
    expect(idsOf(comments).sort()).toEqual([...expected].sort());
    const videoIds = new Set(idsOf(videos));
    for (const comment of comments) {
      expect(comment.content_type).toBe("comment");
      expect(videoIds.has(String(/\/video\/(\d+)/.exec(String(comment.url))?.[1]))).toBe(true);
    }
  });

  it("comments --video with --max-per-video caps each video; an unknown video is reported, not fatal", async () => {
    const first = String(videos[0]!.platform_id);
    const result = await run([
      "tiktok",
      "comments",
      "--video",
      first,
      "--video",
      "1",
      "--max-per-video",
      "3",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split("\n").length).toBeLessThanOrEqual(3);
    expect(result.stderr).toMatch(/outcomes\s+.*not_found 1/);
    expect(result.stderr).toMatch(/^\s+1: not_found/m);
  });

  it("user NAME… writes one profile per name (CSV), unknown names with their status", async () => {
    const result = await run([
      "tiktok",
      "user",
      `@${accounts[0]}`,
      accounts[1]!,
      "no_such_account_x",
      "-f",
      "csv",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const rows: Record<string, string>[] = parse(result.stdout, { columns: true });
    expect(rows.map((r) => [r.username, r.status])).toEqual([
      [accounts[0], "ok"],
      [accounts[1], "ok"],
      ["no_such_account_x", "not_found"],
    ]);
    expect(Number(rows[0]!.followerCount)).toBeGreaterThan(100);
    expect(rows[0]!.pseudonymizedId).toMatch(/^[0-9a-f]{64}$/);
    const bad = await run(["tiktok", "user", "not a name"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/NAME "not a name" is not a TikTok username/);
  });

  it("followers and following: pseudonymised accounts, --max per user, the followers quota pool", async () => {
    for (const direction of ["followers", "following"] as const) {
      const result = await run([
        "tiktok",
        direction,
        accounts[0]!,
        "--max",
        "25",
        "--out",
        `${direction}.jsonl`,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const records = readJsonl(join(work.dir, `${direction}.jsonl`));
      expect(records.length).toBeGreaterThan(0);
      expect(records.length).toBeLessThanOrEqual(25);
      for (const record of records) {
        expect(record.relation).toBe(direction === "followers" ? "follower" : "following");
        expect(String(record.username)).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(result.stderr).toMatch(/of 20,000/); // the followers pool's daily limit
    }
  });

  it("refresh --in records --out file: new counts, the old ones kept in raw_metadata; CSV in and out too", async () => {
    const result = await run(["tiktok", "refresh", "--in", "videos.jsonl", "--out", "refreshed.jsonl"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`refreshed\\s+${videos.length} of ${videos.length} videos`));
    const refreshed = readJsonl(join(work.dir, "refreshed.jsonl"));
    expect(idsOf(refreshed).sort()).toEqual(idsOf(videos).sort());
    for (const record of refreshed) {
      expect((record.raw_metadata as Record<string, unknown>).engagement_previous).toBeDefined();
    }

    const csv = await run(["tiktok", "collect", ...VIDEOS, "-f", "csv", "--out", "videos.csv"]);
    expect(csv.code, csv.stderr).toBe(0);
    const fromCsv = await run(["tiktok", "refresh", "--in", "videos.csv", "-f", "csv"]);
    expect(fromCsv.code, fromCsv.stderr).toBe(0);
    const rows: Record<string, string>[] = parse(fromCsv.stdout, { columns: true });
    expect(rows.map((r) => r.platform_id).sort()).toEqual(idsOf(videos).sort());

    const same = await run(["tiktok", "refresh", "--in", "videos.jsonl", "--out", "videos.jsonl"]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--out must differ from --in/);
    expect(readFileSync(join(work.dir, "videos.jsonl"), "utf8").split("\n").filter(Boolean)).toHaveLength(
      videos.length,
    );
  });

  it("refresh stopped by a spent quota continues with the same command, asking only for the videos left", async () => {
    const requestsOf = (stderr: string) => Number(/requests\s+(\d+)/.exec(stderr)?.[1]);
    const withState = (state: string, dailyRequests: string) =>
      cleanEnv(
        fixture.env({ OBSERVATORY_STATE_DIR: join(work.dir, state), TIKTOK_DAILY_REQUESTS: dailyRequests }),
      );
    // The videos, and one TikTok no longer has: published weeks before the others, it is asked for
    // alone, first, and comes back missing.
    const earliest = videos.map((v) => String(v.published_at)).sort()[0]!;
    const gone = {
      ...videos[0]!,
      platform_id: "7000000000000000001",
      published_at: new Date(Date.parse(earliest) - 60 * 86_400_000).toISOString(),
    };
    writeFileSync(
      join(work.dir, "videos-and-gone.jsonl"),
      [...videos, gone].map((v) => `${JSON.stringify(v)}\n`).join(""),
    );
    const refresh = (out: string, state: string, dailyRequests: string) =>
      runCliProcess(["tiktok", "refresh", "--in", "videos-and-gone.jsonl", "--out", out, "--no-progress"], {
        cwd: work.dir,
        env: withState(state, dailyRequests),
      });
    const whole = await refresh("whole.jsonl", "state-whole", "1000");
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stderr).toMatch(/missing\s+1 /);
    const needed = requestsOf(whole.stderr);
    expect(needed, "the missing video's request and at least two more").toBeGreaterThan(2);

    const first = await refresh("parts.jsonl", "state-parts", "2");
    expect(first.code, first.stderr).toBe(3);
    expect(first.stderr).toMatch(
      /run the same command again after the reset: it asks only for the [\d,]+ videos left/,
    );
    const part = idsOf(readJsonl(join(work.dir, "parts.jsonl")));
    expect(part.length).toBeGreaterThan(0);
    expect(part.length).toBeLessThan(videos.length);

    const rest = await refresh("parts.jsonl", "state-parts", "1000");
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stderr).toMatch(/continuing the refresh/);
    expect(rest.stderr).toMatch(/1 found missing by an earlier run into this --out, not asked again/);
    expect(requestsOf(first.stderr) + requestsOf(rest.stderr), "no video asked for twice").toBe(needed);
    const all = idsOf(readJsonl(join(work.dir, "parts.jsonl")));
    expect(all.sort()).toEqual(idsOf(readJsonl(join(work.dir, "whole.jsonl"))).sort());
    expect(new Set(all).size).toBe(all.length);

    const again = await refresh("parts.jsonl", "state-parts", "1000");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/nothing left to ask for/);
    expect(requestsOf(again.stderr)).toBe(0);

    // A collection's output is not continued by a refresh.
    const before = readFileSync(join(work.dir, "videos.jsonl"), "utf8");
    const wrong = await runCliProcess(["tiktok", "refresh", "--in", "whole.jsonl", "--out", "videos.jsonl"], {
      cwd: work.dir,
      env: withState("state-parts", "1000"),
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /--out videos\.jsonl holds the records of a collection .*choose another --out/,
    );
    expect(readFileSync(join(work.dir, "videos.jsonl"), "utf8")).toBe(before);
  });
});
