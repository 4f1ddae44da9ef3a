import { DAY_MS } from "@observatory/arena-core";
import { openStore } from "@observatory/store-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, cleanEnv, runCliProcess, tempDir } from "../test-support/cli-process.js";

const video = (id: string, collectedAt: string) => ({
  platform: "tiktok",
  arena: "social_media",
  platform_id: id,
  content_type: "video",
  text_content: `video ${id} #klima`,
  title: null,
  url: `https://www.tiktok.com/@someone/video/${id}`,
  language: "da",
  published_at: collectedAt,
  collected_at: collectedAt,
  author_platform_id: null,
  author_display_name: null,
  pseudonymized_author_id: "a".repeat(64),
  views_count: 1,
  likes_count: 1,
  shares_count: 0,
  comments_count: 0,
  engagement_score: 0.1,
  raw_metadata: {},
  media_urls: [],
  content_hash: "b".repeat(64),
  search_terms_matched: ["klima"],
  collection_tier: "free" as const,
});

describe("a study from the command line (embedded store)", () => {
  const work = tempDir("observatory-study-");
  const run = (args: string[]) => runCliProcess(args, { cwd: work.dir, env: cleanEnv({}) });

  beforeAll(assertBuilt);
  afterAll(() => work.cleanup());

  it("schedule add / list / show / pause / resume / remove, stored in the database", async () => {
    const add = await run([
      "schedule",
      "add",
      "klima",
      "--term",
      "klima",
      "--group",
      "klima,afgift",
      "--since",
      "2026-09-01",
      "--db",
      "study",
      "--daily-budget",
      "50",
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain("added klima");
    const again = await run([
      "schedule",
      "add",
      "klima",
      "--term",
      "x",
      "--since",
      "2026-09-01",
      "--db",
      "study",
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('schedule "klima" exists');
    const list = await run(["schedule", "list", "--db", "study", "--json"]);
    expect(JSON.parse(list.stdout)).toMatchObject([
      {
        name: "klima",
        query: { terms: ["klima"], termGroups: [["klima", "afgift"]] },
        since: "2026-09-01",
        liveTailDays: 10,
        dailyBudget: 50,
        paused: false,
      },
    ]);
    expect((await run(["schedule", "pause", "klima", "--db", "study"])).code).toBe(0);
    expect(
      JSON.parse((await run(["schedule", "show", "klima", "--db", "study", "--json"])).stdout),
    ).toMatchObject({ paused: true, windowsCollected: 0 });
    expect((await run(["schedule", "resume", "klima", "--db", "study"])).code).toBe(0);
    expect((await run(["schedule", "remove", "klima", "--db", "study"])).code).toBe(0);
    expect((await run(["schedule", "show", "klima", "--db", "study"])).code).toBe(2);
  }, 120_000);

  it.each([
    [["schedule", "add", "x", "--term", "k", "--since", "2026-13-01", "--db", "study"], "--since"],
    [["schedule", "add", "x", "--since", "2026-09-01", "--db", "study"], "--term"],
    [
      [
        "schedule",
        "add",
        "x",
        "--term",
        "k",
        "--since",
        "2026-09-01",
        "--until",
        "2026-08-01",
        "--db",
        "study",
      ],
      "--until",
    ],
    [["schedule", "add", "x y", "--term", "k", "--since", "2026-09-01", "--db", "study"], "NAME"],
    [["schedule", "list"], "--db"],
  ])(
    "bad input %j: exit 2 naming %s",
    async (args, name) => {
      const r = await run(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.split("\n").find((l) => l.startsWith("error"))).toContain(name);
    },
    60_000,
  );

  it("compliance report: exit 0 within 15 days, exit 1 when any record is past 15 days since its last check", async () => {
    const store = await openStore(`${work.dir}/compliance`);
    const now = Date.now();
    await store.write("content", [video("7412345678901234567", new Date(now - 3 * DAY_MS).toISOString())], {
      runId: "t",
      source: "collect",
    });
    await store.close();
    const ok = await run(["compliance", "report", "--db", "compliance", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      compliant: true,
      platforms: [{ platform: "tiktok", records: 1 }],
    });
    const old = await openStore(`${work.dir}/compliance`);
    await old.write("content", [video("7412345678901234999", new Date(now - 16 * DAY_MS).toISOString())], {
      runId: "t2",
      source: "collect",
    });
    await old.close();
    const late = await run(["compliance", "report", "--db", "compliance"]);
    expect(late.code).toBe(1);
    expect(late.stdout).toContain("PAST 15 DAYS");
    expect(late.stderr).toContain("past 15 days");
  }, 120_000);

  it("simulate --days 10 on an embedded store: exit 0 with every guarantee held", async () => {
    const r = await run(["simulate", "--days", "10", "--db", "sim"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "held   every video published and still available is in the store exactly once",
    );
    expect(r.stdout).not.toContain("BROKEN");
    const status = JSON.parse((await run(["status", "--db", "sim", "--json"])).stdout);
    expect(status.schedules.map((s: { name: string }) => s.name)).toEqual(["dkpol", "energi", "klima"]);
    expect(status.queue).toEqual({ backend: "in-process" });
  }, 180_000);
});
