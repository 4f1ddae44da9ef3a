import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engagementAt } from "../corpus/engagement.js";
import { type Emulator, startEmulator } from "../emulator.js";
import { VIDEO_FIELDS } from "../fields.js";
import { ApiClient, type Loose, TestClock, videoQuery } from "../test-support.js";

const clock = new TestClock();
let emulator: Emulator;
let api: ApiClient;
const dkpol = videoQuery().query as Record<string, unknown>;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 11,
    clock,
    quota: { research: { requests: 100_000, records: 10_000_000 } },
  });
  api = new ApiClient(emulator.url);
  await api.login();
});
afterAll(() => emulator.close());

async function crawl(body: Record<string, unknown>, fields = "id") {
  const pages: Loose[] = [];
  let cursor = 0;
  let searchId: string | undefined;
  for (;;) {
    const reply = await api.post("video/query/", { ...body, cursor, search_id: searchId }, fields);
    expect(reply.status).toBe(200);
    const data = (reply.json as Loose).data;
    pages.push(data);
    if (!data.has_more) return pages;
    cursor = Number(data.cursor);
    searchId = data.search_id;
  }
}

describe("POST /v2/research/video/query/", () => {
  it("pages a cached result set with an index cursor and search_id, matching the corpus truth", async () => {
    const pages = await crawl(videoQuery({ max_count: 50 }));
    const expected = emulator.corpus.expectedPages(dkpol, "20260901", "20260930", 50);
    expect(pages).toHaveLength(expected.length);
    pages.forEach((page, i) => {
      expect(page.videos.map((v: Loose) => String(v.id))).toEqual(expected[i]?.ids);
      expect(Number(page.cursor)).toBe(expected[i]?.nextCursor);
      expect(page.has_more).toBe(expected[i]?.hasMore);
      expect(page.search_id).toMatch(/^\d{19}$/);
    });
    expect(new Set(pages.map((p) => p.search_id)).size).toBe(1);
    const ids = pages.flatMap((p) => p.videos.map((v: Loose) => String(v.id)));
    expect(ids).toEqual(emulator.corpus.videoIdsMatching(dkpol, "20260901", "20260930"));
    expect(ids.length).toBeGreaterThan(100);
  });

  it("returns short pages while has_more stays true when videos were deleted", async () => {
    const pages = await crawl(videoQuery({ max_count: 100 }));
    const short = pages.filter((p) => p.has_more && p.videos.length < 100);
    expect(short.length).toBeGreaterThan(0);
  });

  it("defaults max_count to 20 and rejects more than 100", async () => {
    const first = await api.post("video/query/", videoQuery(), "id");
    const data = (first.json as Loose).data;
    expect(Number(data.cursor)).toBe(20);
    expect(data.videos.length).toBeLessThanOrEqual(20);
    const tooMany = await api.post("video/query/", videoQuery({ max_count: 101 }), "id");
    expect(tooMany.status).toBe(400);
    expect((tooMany.json as Loose).error.code).toBe("invalid_params");
  });

  it("writes 19-digit ids as bare JSON numbers beyond 2^53 and escapes NUL characters", async () => {
    const reply = await api.post(
      "video/query/",
      videoQuery({ max_count: 100 }),
      "id,music_id,video_description",
    );
    const raw = [...reply.text.matchAll(/"id":(\d+)/g)].map((m) => m[1] as string);
    expect(raw.length).toBeGreaterThan(10);
    for (const id of raw) {
      expect(id).toMatch(/^\d{19}$/);
      expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(emulator.corpus.video(id)).toBeDefined();
    }
    expect(reply.text).toMatch(/"music_id":\d{19}[,}]/);
    expect(reply.text).not.toMatch(/"id":"/);
    expect(reply.text).toMatch(/"search_id":"\d{19}"/);
    const withNul = emulator.corpus.videos.find((v) => v.description.includes("\u0000") && !v.deleted)!;
    const day = new Date(withNul.createTime * 1000).toISOString().slice(0, 10).replaceAll("-", "");
    const one = await api.post(
      "video/query/",
      {
        query: { and: [{ field_name: "video_id", operation: "EQ", field_values: [withNul.id] }] },
        start_date: day,
        end_date: day,
      },
      "id,video_description",
    );
    expect(one.text).toContain("\\u0000");
    expect((one.json as Loose).data.videos[0].video_description).toBe(withNul.description);
  });

  it("returns exactly the selected fields, counts as of the clock, and requires fields", async () => {
    const reply = await api.post(
      "video/query/",
      videoQuery({ max_count: 5 }),
      "id,like_count,favourites_count",
    );
    for (const v of (reply.json as Loose).data.videos) {
      expect(Object.keys(v)).toEqual(["id", "like_count", "favourites_count"]);
      const video = emulator.corpus.video(String(v.id))!;
      const e = engagementAt(video, clock.now() / 1000);
      expect(v.like_count).toBe(e.like_count);
      expect(v.favourites_count).toBe(e.favorites_count);
    }
    // One video per optional field (those the API leaves out when empty), all from September.
    const september = emulator.corpus
      .matchVideos(
        { not: [{ field_name: "region_code", operation: "EQ", field_values: ["XX"] }] },
        "20260901",
        "20260930",
      )
      .filter((v) => !v.deleted);
    const picks = [
      september.find((v) => v.aiGenerated),
      september.find((v) => v.label),
      september.find((v) => v.voiceToText),
      september.find((v) => v.playlistId),
      september.find((v) => v.stickers.length > 0),
    ].map((v) => v!.id);
    const byId = { and: [{ field_name: "video_id", operation: "IN", field_values: picks }] };
    const all = await api.post(
      "video/query/",
      videoQuery({ query: byId, max_count: 100 }),
      VIDEO_FIELDS.join(","),
    );
    const keys = new Set((all.json as Loose).data.videos.flatMap((v: Loose) => Object.keys(v)));
    for (const f of VIDEO_FIELDS) expect(keys.has(f), f).toBe(true);
    for (const fields of [undefined, "", "id,title"]) {
      const bad = await api.post("video/query/", videoQuery(), fields);
      expect(bad.status, String(fields)).toBe(400);
      expect((bad.json as Loose).error.code).toBe("invalid_params");
    }
  });

  it("enforces the 30-day window and valid dates with 400 invalid_params", async () => {
    for (const [start, end] of [
      ["20260901", "20261002"],
      ["20260930", "20260901"],
      ["2026-09-01", "20260930"],
      ["20260901", undefined],
    ]) {
      const reply = await api.post("video/query/", videoQuery({ start_date: start, end_date: end }), "id");
      expect(reply.status).toBe(400);
      expect((reply.json as Loose).error.code).toBe("invalid_params");
    }
    expect((await api.post("video/query/", videoQuery({ end_date: "20261001" }), "id")).status).toBe(200);
  });

  it("rejects unknown search ids and cursors past the end", async () => {
    const unknown = await api.post(
      "video/query/",
      videoQuery({ search_id: "7000000000000000000", cursor: 20 }),
      "id",
    );
    expect(unknown.status).toBe(400);
    expect((unknown.json as Loose).error.message).toBe("Search Id 7000000000000000000 is invalid or expired");
    const first = (await api.post("video/query/", videoQuery(), "id")).json as Loose;
    const past = await api.post(
      "video/query/",
      videoQuery({ search_id: first.data.search_id, cursor: 99_999 }),
      "id",
    );
    expect(past.status).toBe(400);
    expect((past.json as Loose).error.message).toBe("Invalid count or cursor");
  });

  it("expires search ids after searchIdTtlSeconds", async () => {
    const first = (await api.post("video/query/", videoQuery(), "id")).json as Loose;
    clock.advance(86_400_000 + 1_000);
    await api.login();
    const late = await api.post(
      "video/query/",
      videoQuery({ search_id: first.data.search_id, cursor: 20 }),
      "id",
    );
    expect(late.status).toBe(400);
    expect((late.json as Loose).error.message).toContain("is invalid or expired");
    clock.advance(-(86_400_000 + 1_000));
    await api.login();
  });

  it("returns up to max_count random matches with is_random", async () => {
    const truth = new Set(emulator.corpus.videoIdsMatching(dkpol, "20260901", "20260930"));
    const reply = await api.post("video/query/", videoQuery({ is_random: true, max_count: 30 }), "id");
    const data = (reply.json as Loose).data;
    expect(data.videos).toHaveLength(30);
    expect(data.has_more).toBe(false);
    for (const v of data.videos) expect(truth.has(String(v.id))).toBe(true);
    const again = (await api.post("video/query/", videoQuery({ is_random: true, max_count: 30 }), "id"))
      .json as Loose;
    expect(again.data.videos.map((v: Loose) => String(v.id))).not.toEqual(
      data.videos.map((v: Loose) => String(v.id)),
    );
  });

  it("re-collects up to 100 videos by id with video_id IN, ids sent as bare numbers", async () => {
    const sample = emulator.corpus
      .matchVideos(dkpol, "20260901", "20260930")
      .filter((v) => !v.deleted)
      .slice(0, 100);
    const values = sample.map((v) => v.id).join(",");
    const body = `{"query":{"and":[{"field_name":"video_id","operation":"IN","field_values":[${values}]}]},"start_date":"20260901","end_date":"20260930","max_count":100}`;
    const reply = await api.post("video/query/", body, "id,view_count");
    expect(reply.status).toBe(200);
    const ids = (reply.json as Loose).data.videos.map((v: Loose) => String(v.id));
    expect(new Set(ids)).toEqual(new Set(sample.map((v) => v.id)));
    const tooMany = body.replace(`[${values}]`, `[${values},7000000000000000001]`);
    const rejected = await api.post("video/query/", tooMany, "id");
    expect(rejected.status).toBe(400);
    expect((rejected.json as Loose).error.message).toContain("at most 100");
  });

  it("hides videos posted within the ingestion lag", async () => {
    const start = new Date(clock.now() - 10 * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
    const today = new Date(clock.now()).toISOString().slice(0, 10).replaceAll("-", "");
    const query = {
      and: [{ field_name: "region_code", operation: "IN", field_values: ["DK", "NO", "SE", "DE", "GB"] }],
    };
    const pages = await crawl(
      { query, start_date: start, end_date: today, max_count: 100 },
      "id,create_time",
    );
    const times = pages.flatMap((p) => p.videos.map((v: Loose) => v.create_time as number));
    expect(times.length).toBeGreaterThan(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(clock.now() / 1000 - 2 * 86_400);
  });
});

describe("end_date inclusivity", () => {
  it("searches end_date's own day by default and not with endDateInclusive: false", async () => {
    const exclusive = await startEmulator({ seed: 11, clock, endDateInclusive: false });
    try {
      const other = new ApiClient(exclusive.url);
      await other.login();
      const body = videoQuery({ start_date: "20260901", end_date: "20260903", max_count: 100 });
      const inc = (await api.post("video/query/", body, "create_time")).json as Loose;
      const exc = (await other.post("video/query/", body, "create_time")).json as Loose;
      const lastDay = Date.UTC(2026, 8, 3) / 1000;
      expect(inc.data.videos.some((v: Loose) => v.create_time >= lastDay)).toBe(true);
      expect(exc.data.videos.every((v: Loose) => v.create_time < lastDay)).toBe(true);
      expect(exc.data.videos.length).toBeGreaterThan(0);
      const sameDay = await other.post("video/query/", videoQuery({ end_date: "20260901" }), "id");
      expect(sameDay.status).toBe(400);
    } finally {
      await exclusive.close();
    }
  });
});
