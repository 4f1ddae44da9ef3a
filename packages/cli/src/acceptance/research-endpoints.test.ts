import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

const RANGE = ["--since", "2026-09-01", "--until", "2026-09-15"];
const rangeDates = { start: "20260901", end: "20260914" };

/** Every new command and condition flag of issue 19 against the emulator, checked with its ground truth. */
describe("liked, pinned, reposted, playlist, videos and collect's conditions", () => {
  let fixture: EmulatorFixture;
  const work = tempDir();
  const run = (args: string[]) => runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env()) });
  const requests = () => fixture.emulator.stats().requests.byEndpoint as Record<string, number>;

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("liked, pinned and reposted: each account's list as video records; a private list is an outcome", async () => {
    const { corpus } = fixture.emulator;
    const now = corpus.nowSeconds();
    const users = corpus.users.filter((u) => !u.isPrivate && u.isCreator);
    const liked = users.find((u) => u.likedVisible && corpus.likedVideosOf(u, now).length > 0)!;
    const hidden = users.find((u) => !u.likedVisible)!;
    const result = await run([
      "tiktok",
      "liked",
      liked.username,
      `@${hidden.username}`,
      "--out",
      "liked.jsonl",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const records = readJsonl(join(work.dir, "liked.jsonl"));
    expect(idsOf(records).sort()).toEqual(
      corpus
        .likedVideosOf(liked, now)
        .map((v) => v.video.id)
        .sort(),
    );
    expect(records.every((r) => (r.raw_metadata as Record<string, unknown>).source_list === "liked")).toBe(
      true,
    );
    expect(result.stderr).toMatch(new RegExp(`${hidden.username}: private`));

    const pinnedUser = users.find((u) => corpus.pinnedVideosOf(u, now).length > 0)!;
    const pinned = await run(["tiktok", "pinned", pinnedUser.username, "--out", "pinned.jsonl"]);
    expect(pinned.code, pinned.stderr).toBe(0);
    expect(idsOf(readJsonl(join(work.dir, "pinned.jsonl"))).sort()).toEqual(
      corpus
        .pinnedVideosOf(pinnedUser, now)
        .map((v) => v.id)
        .sort(),
    );

    const reposter = users.find((u) => u.repostsVisible && corpus.repostedVideosOf(u, now).length > 2)!;
    const reposted = await run([
      "tiktok",
      "reposted",
      reposter.username,
      "--max",
      "2",
      "--out",
      "reposted.jsonl",
    ]);
    expect(reposted.code, reposted.stderr).toBe(0);
    expect(idsOf(readJsonl(join(work.dir, "reposted.jsonl")))).toEqual(
      corpus
        .repostedVideosOf(reposter, now)
        .slice(0, 2)
        .map((v) => v.id),
    );

    const bad = await run(["tiktok", "pinned", "no spaces"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/NAME "no spaces" is not a TikTok username/);
  });

  it("playlist: the videos of a playlist in order, IDs exact; videos --ids-file turns them into records", async () => {
    const { corpus } = fixture.emulator;
    const playlist = corpus.playlists.find((p) => corpus.playlistVideos(p).length >= 3)!;
    const expected = corpus.playlistVideos(playlist).map((v) => v.id);
    const result = await run(["tiktok", "playlist", playlist.id, "--out", "playlist.jsonl"]);
    expect(result.code, result.stderr).toBe(0);
    const entries = readJsonl(join(work.dir, "playlist.jsonl"));
    expect(entries.map((e) => e.video_id)).toEqual(expected);
    expect(entries.map((e) => e.position)).toEqual(expected.map((_, i) => i));

    writeFileSync(join(work.dir, "ids.txt"), `# the playlist\n${expected.join("\n")}\n\n`);
    const videos = await run(["tiktok", "videos", "--ids-file", "ids.txt", "--out", "playlist-videos.jsonl"]);
    expect(videos.code, videos.stderr).toBe(0);
    expect(idsOf(readJsonl(join(work.dir, "playlist-videos.jsonl"))).sort()).toEqual([...expected].sort());

    const bad = await run(["tiktok", "playlist", "12a"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ID "12a" is not a playlist ID/);
  });

  it("videos --id/--ids-file: 100 IDs a request, exact 19-digit IDs, the IDs that do not come back named", async () => {
    const { corpus } = fixture.emulator;
    const visible = corpus.videos.filter((v) => corpus.isVisible(v)).slice(-250);
    const ids = visible.map((v) => v.id);
    const gone = "7000000000000000001";
    writeFileSync(join(work.dir, "lookup.txt"), `${ids.join("\n")}\n`);
    const before = requests()["video/query"] ?? 0;
    const result = await run([
      "tiktok",
      "videos",
      "--ids-file",
      "lookup.txt",
      "--id",
      gone,
      "--out",
      "lookup.jsonl",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const records = readJsonl(join(work.dir, "lookup.jsonl"));
    expect(idsOf(records).sort()).toEqual([...ids].sort());
    // Every ID exact: the raw text of the file holds them as strings, digit for digit.
    for (const id of ids.slice(0, 20)) expect(records.some((r) => r.platform_id === id)).toBe(true);
    const sent = (requests()["video/query"] ?? 0) - before;
    expect(sent).toBeGreaterThanOrEqual(3); // 251 IDs: at least ceil(251 / 100) requests
    expect(sent).toBeLessThanOrEqual(6);
    const summary = JSON.parse(result.stdout);
    expect(summary.targets.filter((t: { status: string }) => t.status === "not_found")).toEqual([
      expect.objectContaining({ target: gone, status: "not_found" }),
    ]);

    const tooBig = await run(["tiktok", "videos", "--id", "9223372036854775808"]);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/--id "9223372036854775808" is not a video ID/);
    writeFileSync(join(work.dir, "bad-ids.txt"), `${ids[0]}\n99999999999999999999\n`);
    const badFile = await run(["tiktok", "videos", "--ids-file", "bad-ids.txt"]);
    expect(badFile.code).toBe(2);
    expect(badFile.stderr).toMatch(/--ids-file bad-ids.txt line 2: "99999999999999999999" is not a video ID/);
    const none = await run(["tiktok", "videos"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--id is missing/);
  });

  it("collect --video-length, --music-id, --effect-id, --username, --not-username, --all-hashtags: the emulator's ground truth", async () => {
    const { corpus } = fixture.emulator;
    const inRange = corpus.videos.filter(
      (v) => v.createDate >= 20260901 && v.createDate <= 20260914 && corpus.isVisible(v),
    );
    const truth = (query: Parameters<typeof corpus.videoIdsMatching>[0]) =>
      corpus.videoIdsMatching(query, rangeDates.start, rangeDates.end).sort();
    const collect = async (name: string, args: string[]) => {
      const result = await run(["tiktok", "collect", ...args, ...RANGE, "--out", `${name}.jsonl`]);
      expect(result.code, result.stderr).toBe(0);
      return idsOf(readJsonl(join(work.dir, `${name}.jsonl`))).sort();
    };
    const cond = (field_name: string, operation: string, field_values: string[]) => ({
      field_name,
      operation,
      field_values,
    });

    const short = await collect("short", ["--term", "klima", "--video-length", "short"]);
    expect(short.length).toBeGreaterThan(0);
    expect(short).toEqual(
      truth({
        and: [cond("video_length", "EQ", ["SHORT"])],
        or: [cond("keyword", "EQ", ["klima"])],
      } as never),
    );

    const music = inRange[0]!.musicId;
    const byMusic = await collect("music", ["--music-id", music]);
    expect(byMusic).toEqual(truth({ and: [cond("music_id", "EQ", [music])] } as never));
    expect(byMusic.length).toBeGreaterThan(0);

    const effect = inRange.find((v) => v.effects.length)!.effects[0]!.id;
    expect(await collect("effect", ["--effect-id", effect])).toEqual(
      truth({ and: [cond("effect_id", "EQ", [effect])] } as never),
    );

    const author = inRange[0]!.username;
    const other = inRange.find((v) => v.username !== author)!.username;
    expect(await collect("users", ["--username", `@${author},${other}`])).toEqual(
      truth({ and: [cond("username", "IN", [author, other])] } as never),
    );

    const tagged = inRange.find((v) => v.hashtags.length >= 2)!;
    const [a, b] = tagged.hashtags as [string, string];
    const both = await collect("both", [
      "--all-hashtags",
      `#${a},${b}`,
      "--not-username",
      tagged.username === author ? other : author,
    ]);
    expect(both).toEqual(
      truth({
        and: [cond("hashtag_name", "EQ", [a]), cond("hashtag_name", "EQ", [b])],
        not: [cond("username", "EQ", [tagged.username === author ? other : author])],
      } as never),
    );
    expect(both).toContain(tagged.id);

    const bad = await run(["tiktok", "collect", "--video-length", "medium", ...RANGE]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--video-length "medium": use one of SHORT, MID, LONG, EXTRA_LONG/);
    const badMusic = await run(["tiktok", "collect", "--music-id", "12x", ...RANGE]);
    expect(badMusic.code).toBe(2);
    expect(badMusic.stderr).toMatch(/--music-id "12x"/);
    const badUser = await run(["tiktok", "collect", "--not-username", "a b", ...RANGE]);
    expect(badUser.code).toBe(2);
    expect(badUser.stderr).toMatch(/--not-username "a b"/);
  });

  it("collect --query-file: the Research API's own query object, the same records as the flags; a bad one names its JSON path", async () => {
    const query = {
      and: [{ field_name: "region_code", operation: "IN", field_values: ["DK", "SE"] }],
      or: [
        { field_name: "keyword", operation: "EQ", field_values: ["klima"] },
        { field_name: "hashtag_name", operation: "EQ", field_values: ["dkpol"] },
      ],
    };
    writeFileSync(join(work.dir, "q.json"), JSON.stringify(query));
    const fromFile = await run(["tiktok", "collect", "--query-file", "q.json", ...RANGE, "--out", "q.jsonl"]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    const fromFlags = await run([
      "tiktok",
      "collect",
      "--term",
      "klima",
      "--term",
      "#dkpol",
      "--region",
      "DK,SE",
      ...RANGE,
      "--out",
      "flags.jsonl",
    ]);
    expect(fromFlags.code, fromFlags.stderr).toBe(0);
    const ids = idsOf(readJsonl(join(work.dir, "q.jsonl"))).sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(idsOf(readJsonl(join(work.dir, "flags.jsonl"))).sort());

    const cases: [unknown, RegExp][] = [
      [
        { and: [query.and[0], { field_name: "keyword", operation: "EQUALS", field_values: ["x"] }] },
        /--query-file bad.json: query\.and\[1\]\.operation: operation must be one of EQ, IN/,
      ],
      [
        { or: [{ field_name: "colour", operation: "EQ", field_values: ["x"] }] },
        /query\.or\[0\]\.field_name/,
      ],
      [
        { and: [{ field_name: "video_length", operation: "EQ", field_values: ["HUGE"] }] },
        /query\.and\[0\]\.field_values\[0\]/,
      ],
      [
        { and: [{ field_name: "keyword", operation: "EQ", field_values: ["a", "b"] }] },
        /query\.and\[0\]\.field_values: EQ takes exactly one value/,
      ],
      [{}, /query: the query needs at least one condition/],
    ];
    for (const [bad, message] of cases) {
      writeFileSync(join(work.dir, "bad.json"), JSON.stringify(bad));
      const result = await run(["tiktok", "collect", "--query-file", "bad.json", ...RANGE]);
      expect(result.code, JSON.stringify(bad)).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    writeFileSync(join(work.dir, "bad.json"), "{not json");
    const notJson = await run(["tiktok", "collect", "--query-file", "bad.json", ...RANGE]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/--query-file bad.json: query: not JSON/);
    const clash = await run(["tiktok", "collect", "--query-file", "q.json", "--term", "x", ...RANGE]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/--term does not go with --query-file/);
  });

  it("a 19-digit music ID in a query file stays exact (read losslessly, sent as the same digits)", async () => {
    const { corpus } = fixture.emulator;
    const music = corpus.videos.find((v) => v.createDate >= 20260901 && v.createDate <= 20260914)!.musicId;
    expect(music.length).toBeGreaterThanOrEqual(16);
    // A bare JSON number of 19 digits: JSON.parse would round it.
    writeFileSync(
      join(work.dir, "music.json"),
      `{"and":[{"field_name":"music_id","operation":"EQ","field_values":[${music}]}]}`,
    );
    const plan = await run(["tiktok", "collect", "--query-file", "music.json", ...RANGE, "--dry-run"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`"field_values":["${music}"]`);
  });
});
