// `observatory tiktok ads|advertisers|commercial|shops|products|reviews|compliance-check` against the
// emulator: the records, resumability, the summary, and bad input (exit 2 naming the flag).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { commerceOf } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  type CliResult,
  cleanEnv,
  idsOf,
  readJsonl,
  runCliProcess,
  tempDir,
} from "../test-support/cli-process.js";
import { type EmulatorFixture, startEmulatorFixture } from "../test-support/emulator-fixture.js";

function expectUsage(result: CliResult, name: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe("");
  const errorLines = result.stderr.split("\n").filter((line) => line.startsWith("error"));
  expect(errorLines, result.stderr).toHaveLength(1);
  expect(errorLines[0]).toContain(name);
}

describe("the commerce and compliance commands", () => {
  let fixture: EmulatorFixture;
  const work = tempDir();
  const run = (args: string[]) => runCliProcess(args, { cwd: work.dir, env: cleanEnv(fixture.env()) });
  const commerce = () => commerceOf(fixture.emulator.corpus);

  beforeAll(async () => {
    assertBuilt();
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    work.cleanup();
  });

  it("ads search: every ad of the range to a file, exact 19-digit IDs; a rerun resumes as done", async () => {
    const expected = commerce().ads.filter((a) => a.firstShown >= "20250101" && a.firstShown <= "20251231");
    const args = [
      "tiktok",
      "ads",
      "search",
      "--since",
      "2025-01-01",
      "--until",
      "2025-12-31",
      "--out",
      "ads.jsonl",
    ];
    const first = await run(args);
    expect(first.code, first.stderr).toBe(0);
    const records = readJsonl(join(work.dir, "ads.jsonl"));
    expect(idsOf(records).sort()).toEqual(expected.map((a) => a.id).sort());
    expect(records[0]).toMatchObject({ content_type: "ad", platform: "tiktok" });
    const again = await run(args);
    expect(again.code, again.stderr).toBe(0);
    expect(readJsonl(join(work.dir, "ads.jsonl"))).toHaveLength(records.length);
  });

  it("ads detail and ads report", async () => {
    const ad = commerce().ads[5]!;
    const detail = await run(["tiktok", "ads", "detail", ad.id, "--no-progress"]);
    expect(detail.code, detail.stderr).toBe(0);
    const [record] = detail.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(record).toMatchObject({ platform_id: ad.id, title: ad.title });
    const report = await run(["tiktok", "ads", "report", "--since", "2023-01-01", "--until", "2023-12-31"]);
    expect(report.code, report.stderr).toBe(0);
    const parsed = JSON.parse(report.stdout);
    const counted = Object.values(
      parsed.report.count_time_series_by_country as Record<string, { count: number }[]>,
    )
      .flat()
      .reduce((n, d) => n + d.count, 0);
    expect(counted).toBe(
      commerce()
        .ads.filter((a) => a.firstShown >= "20230101" && a.firstShown <= "20231231")
        .reduce((n, a) => n + a.countries.length, 0),
    );
  });

  it("advertisers, commercial, shops, products and reviews write UCR records of their kind", async () => {
    const shop = commerce().shops.find((s) => s.products.length > 3)!;
    const product = shop.products.find((p) => p.reviews.length > 0)!;
    const cases: [string[], string, number][] = [
      [["advertisers", "ApS"], "advertiser", 40],
      [
        ["commercial", "--since", "2022-10-01", "--until", "2026-12-31", "--creator-country", "DK"],
        "commercial_content",
        commerce().commercial.filter((c) => c.creatorCountry === "DK").length,
      ],
      [
        ["shops", shop.name],
        "shop",
        commerce()
          .shops.filter((s) => s.name.toLowerCase().includes(shop.name.toLowerCase()))
          .slice(0, 10).length,
      ],
      [["products", shop.id], "shop_product", shop.products.length],
      [
        ["reviews", product.id],
        "shop_review",
        new Set(product.reviews.map((r) => `${r.createTime}|${r.displayName}|${r.text}`)).size,
      ],
    ];
    for (const [args, kind, count] of cases) {
      const result = await run(["tiktok", ...args, "--no-progress"]);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      const lines = result.stdout
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(lines.length, args.join(" ")).toBe(Math.min(count, args[0] === "advertisers" ? 50 : count));
      for (const line of lines) expect(line.content_type).toBe(kind);
    }
  });

  it("compliance-check --in: a file of IDs or of records; one JSON line per task and the documented gap on stderr", async () => {
    const ids = fixture.emulator.corpus.videos.slice(0, 30).map((v) => v.id);
    writeFileSync(join(work.dir, "ids.txt"), `${ids.join("\n")}\n`);
    const result = await run(["tiktok", "compliance-check", "--in", "ids.txt", "--category", "video"]);
    expect(result.code, result.stderr).toBe(0);
    const tasks = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(tasks).toEqual([expect.objectContaining({ category: "video", ids: 30 })]);
    expect(result.stdout).toMatch(/"task_id":"\d{19}"/);
    expect(result.stderr).toContain("say nothing about how a task's results are delivered");
    const fromRecords = await run(["tiktok", "compliance-check", "--in", "ads.jsonl"]);
    expectUsage(fromRecords, "--in");
  });

  it("--dry-run of every ad library and TikTok Shop command: the first request of each target, exact IDs, nothing sent", async () => {
    const sent = () => JSON.stringify(fixture.emulator.stats().requests.byEndpoint);
    const before = sent();
    const cases: [string[], string, number][] = [
      [
        [
          "ads",
          "search",
          "--since",
          "2025-01-01",
          "--until",
          "2025-12-31",
          "--advertiser",
          "7100000000000000001",
        ],
        "adlib/ad/query/",
        1,
      ],
      [["ads", "detail", "1786543210987654321", "1786543210987654322"], "adlib/ad/detail/", 2],
      [["advertisers", "kaffe", "bank"], "adlib/advertiser/query/", 2],
      [
        ["commercial", "--since", "2025-01-01", "--until", "2025-03-01"],
        "adlib/commercial_content/query/",
        1,
      ],
      [["shops", "Free Soul"], "tts/shop/", 1],
      [["products", "7495177166735509999"], "tts/product/", 1],
      [["reviews", "1729401755128991215"], "tts/review/", 1],
    ];
    const results = await Promise.all(cases.map(([args]) => run(["tiktok", ...args, "--dry-run", "--json"])));
    for (const [i, result] of results.entries()) {
      const [args, endpoint, requests] = cases[i]!;
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      const plan = JSON.parse(result.stdout) as { requests: number; planned: { endpoint: string }[] };
      expect(plan.requests, args.join(" ")).toBe(requests);
      expect(plan.planned.every((p) => p.endpoint === endpoint)).toBe(true);
    }
    // 64-bit IDs go out as the API wants them, digit for digit.
    expect(results[0]!.stdout).toContain('"advertiser_business_ids":[7100000000000000001]');
    expect(results[1]!.stdout).toContain('"ad_id":1786543210987654321');
    expect(sent()).toBe(before);
    expectUsage(await run(["tiktok", "ads", "detail", "12ab", "--dry-run"]), "<ids>");
  });

  it.each([
    [["ads", "search", "--since", "2022-09-30", "--until", "2023-01-01"], "--since"],
    [["ads", "search", "--since", "2023-01-01", "--until", "2022-12-01"], "--until"],
    [
      ["ads", "search", "--since", "2023-01-01", "--until", "2023-02-01", "--country", "Denmark"],
      "--country",
    ],
    [
      ["ads", "search", "--since", "2023-01-01", "--until", "2023-02-01", "--advertiser", "abc"],
      "--advertiser",
    ],
    [["ads", "search", "--since", "2023-01-01", "--until", "2023-02-01", "--term", "x".repeat(51)], "--term"],
    [["ads", "search", "--since", "2023-01-01", "--until", "2023-02-01", "--fuzzy"], "--fuzzy"],
    [["ads", "search", "--since", "2023-01-01", "--until", "2023-02-01", "--max", "0"], "--max"],
    [["ads", "report", "--since", "2023-01-01"], "--until"],
    [["ads", "detail", "12ab"], "<ids>"],
    [
      ["commercial", "--since", "2023-01-01", "--until", "2023-02-01", "--creator-country", "DNK"],
      "--creator-country",
    ],
    [["commercial", "--since", "2023-01-01", "--until", "2023-02-01", "--creator", "no spaces"], "--creator"],
    [["products", "shop-one"], "<ids>"],
    [["reviews", "1", "--max", "many"], "--max"],
    [["compliance-check"], "--in"],
    [["compliance-check", "--in", "missing.txt", "--category", "video"], "--in"],
    [["compliance-check", "--in", "ids.txt"], "--category"],
    [["compliance-check", "--in", "ids.txt", "--category", "user"], "--category"],
  ])("bad input %j → exit 2 naming %s", async (args, flag) => {
    expectUsage(await run(["tiktok", ...args]), flag);
  });
});
