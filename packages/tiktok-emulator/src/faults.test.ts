import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "./emulator.js";
import type { FaultOptions } from "./faults.js";
import { ApiClient, type Loose, TestClock, videoQuery } from "./test-support.js";

let emulator: Emulator;
let api: ApiClient;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 21,
    clock: new TestClock(),
    corpus: { videos: 6_000 },
    quota: { research: { requests: 100_000 } },
  });
  api = new ApiClient(emulator.url);
});
afterAll(() => emulator.close());
afterEach(() => emulator.setFaults({}));

async function fresh(faults: FaultOptions) {
  emulator.setFaults({});
  emulator.resetStats();
  await api.login();
  emulator.setFaults(faults);
}
const query = (extra: Record<string, unknown> = {}) =>
  videoQuery({
    query: { or: [{ field_name: "region_code", operation: "EQ", field_values: ["DK"] }] },
    ...extra,
  });
const faultCount = (kind: string) => emulator.stats().faults[kind];

describe("injected faults", () => {
  it("internalErrorRate: 500 internal_error that still consumes quota", async () => {
    await fresh({ internalErrorRate: 1 });
    const reply = await api.post("video/query/", query(), "id");
    expect(reply.status).toBe(500);
    expect((reply.json as Loose).error.code).toBe("internal_error");
    expect(faultCount("internalError")).toBe(1);
    expect(emulator.stats().quota["demo-client-key"]?.research.requests).toBe(1);
  });

  it("searchIdInvalidRate: 400 'Search Id … is invalid or expired'; the id works again later", async () => {
    await fresh({});
    const first = (await api.post("video/query/", query(), "id")).json as Loose;
    emulator.setFaults({ searchIdInvalidRate: 1 });
    const body = query({ search_id: first.data.search_id, cursor: first.data.cursor });
    const rejected = await api.post("video/query/", body, "id");
    expect(rejected.status).toBe(400);
    expect((rejected.json as Loose).error.message).toBe(
      `Search Id ${first.data.search_id} is invalid or expired`,
    );
    emulator.setFaults({});
    expect((await api.post("video/query/", body, "id")).status).toBe(200);
    expect(faultCount("searchIdInvalid")).toBe(1);
  });

  it("invalidCursorRate: 400 'Invalid count or cursor' on later pages of videos and comments", async () => {
    await fresh({ invalidCursorRate: 1 });
    const first = (await api.post("video/query/", query(), "id")).json as Loose;
    expect(first.error.code).toBe("ok");
    const second = await api.post(
      "video/query/",
      query({ search_id: first.data.search_id, cursor: 20 }),
      "id",
    );
    expect(second.status).toBe(400);
    expect((second.json as Loose).error.message).toBe("Invalid count or cursor");
    const video = emulator.corpus.videos.find((v) => !v.deleted && v.finalEngagement.comment_count > 30)!;
    const comments = await api.post("video/comment/list/", { video_id: video.id, cursor: 10 }, "id");
    expect(comments.status).toBe(400);
    expect(faultCount("invalidCursor")).toBe(2);
  });

  it("gatewayTimeoutRate: HTTP 504 with an HTML body", async () => {
    await fresh({ gatewayTimeoutRate: 1 });
    const reply = await api.post("video/query/", query(), "id");
    expect(reply.status).toBe(504);
    expect(reply.contentType).toContain("text/html");
    expect(reply.text).toContain("<h1>504 Gateway Time-out</h1>");
    expect(reply.json).toBeUndefined();
    expect(faultCount("gatewayTimeout")).toBe(1);
  });

  it("slowMs: delays responses (slowRate defaults to every request)", async () => {
    await fresh({ slowMs: 150 });
    const started = performance.now();
    expect((await api.post("video/query/", query(), "id")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(faultCount("slow")).toBe(1);
    emulator.setFaults({ slowMs: 150, slowRate: 0 });
    await api.post("video/query/", query(), "id");
    expect(faultCount("slow")).toBe(1);
  });

  it("revokeTokenAfter: a valid token turns 401 mid-paging; a new token resumes the same search", async () => {
    await fresh({ revokeTokenAfter: 2 });
    const first = (await api.post("video/query/", query(), "id")).json as Loose;
    const second = (
      await api.post("video/query/", query({ search_id: first.data.search_id, cursor: 20 }), "id")
    ).json as Loose;
    const third = await api.post(
      "video/query/",
      query({ search_id: first.data.search_id, cursor: 40 }),
      "id",
    );
    expect(second.error.code).toBe("ok");
    expect(third.status).toBe(401);
    expect((third.json as Loose).error.code).toBe("access_token_invalid");
    expect((await api.post("video/query/", query(), "id")).status).toBe(401);
    await api.login();
    const resumed = await api.post(
      "video/query/",
      query({ search_id: first.data.search_id, cursor: 40 }),
      "id",
    );
    expect(resumed.status).toBe(200);
    expect(faultCount("tokenRevoked")).toBe(1);
  });

  it("tokenRevokeRate: revokes a token that was valid", async () => {
    await fresh({ tokenRevokeRate: 1 });
    const reply = await api.post(
      "user/info/",
      { username: emulator.corpus.users[0]!.username },
      "display_name",
    );
    expect(reply.status).toBe(401);
    expect((reply.json as Loose).error.code).toBe("access_token_invalid");
    expect(faultCount("tokenRevoked")).toBe(1);
    expect(emulator.stats().quota["demo-client-key"]).toBeUndefined();
  });

  it("searchIdChangeRate: a new search_id between pages while the old one keeps working", async () => {
    await fresh({});
    const first = (await api.post("video/query/", query(), "id")).json as Loose;
    emulator.setFaults({ searchIdChangeRate: 1 });
    const second = (
      await api.post("video/query/", query({ search_id: first.data.search_id, cursor: 20 }), "id")
    ).json as Loose;
    expect(second.data.search_id).toMatch(/^\d{19}$/);
    expect(second.data.search_id).not.toBe(first.data.search_id);
    emulator.setFaults({});
    const viaOld = (
      await api.post("video/query/", query({ search_id: first.data.search_id, cursor: 40 }), "id")
    ).json as Loose;
    const viaNew = (
      await api.post("video/query/", query({ search_id: second.data.search_id, cursor: 40 }), "id")
    ).json as Loose;
    expect(viaNew.data.videos).toEqual(viaOld.data.videos);
    expect(faultCount("searchIdChange")).toBe(1);
  });

  it("silentZeroRate: every video query answered as if nothing matched (200, empty, has_more false)", async () => {
    await fresh({});
    const healthy = await api.post("video/query/", query(), "id");
    expect((healthy.json as Loose).data.videos.length).toBeGreaterThan(0);
    emulator.setFaults({ silentZeroRate: 1 });
    const reply = await api.post("video/query/", query(), "id");
    expect(reply.status).toBe(200);
    const data = (reply.json as Loose).data;
    expect(data.videos).toEqual([]);
    expect(data.has_more).toBe(false);
    expect(faultCount("silentZero")).toBe(1);
  });

  it("emptyPageRate: an empty page with has_more true, and the cursor advances", async () => {
    await fresh({ emptyPageRate: 1 });
    const reply = (await api.post("video/query/", query({ max_count: 30 }), "id")).json as Loose;
    expect(reply.data.videos).toEqual([]);
    expect(reply.data.has_more).toBe(true);
    expect(Number(reply.data.cursor)).toBe(30);
    expect(faultCount("emptyPage")).toBe(1);
  });

  it("emptyPageRate: the skipped slice's videos are deleted from then on, for the truth and later crawls", async () => {
    // Another query than the test above (whose empty page already deleted the first DK slice).
    const no = { or: [{ field_name: "region_code", operation: "EQ", field_values: ["NO"] }] };
    const noQuery = (extra: Record<string, unknown>) => query({ query: no, ...extra });
    const slice = emulator.corpus
      .matchVideos(no as never, "20260901", "20260930")
      .slice(0, 30)
      .filter((v) => !v.deleted)
      .map((v) => v.id);
    expect(slice.length).toBeGreaterThan(20);
    await fresh({ emptyPageRate: 1 });
    const reply = (await api.post("video/query/", noQuery({ max_count: 30 }), "id")).json as Loose;
    expect(reply.data.videos).toEqual([]);
    expect(emulator.stats().hiddenVideoIds).toEqual(slice);

    // The ground truth no longer has them, and a fault-free crawl of the same query agrees.
    const truth = emulator.corpus.videoIdsMatching(no as never, "20260901", "20260930");
    for (const id of slice) expect(truth).not.toContain(id);
    for (const id of slice) expect(emulator.corpus.video(id)?.deleted).toBe(true);
    emulator.setFaults({});
    const crawled: string[] = [];
    let body = noQuery({ max_count: 100 });
    for (;;) {
      const page = (await api.post("video/query/", body, "id")).json as Loose;
      crawled.push(...page.data.videos.map((v: { id: bigint | string }) => String(v.id)));
      if (!page.data.has_more) break;
      body = noQuery({ max_count: 100, cursor: page.data.cursor, search_id: page.data.search_id });
    }
    expect(crawled.sort()).toEqual([...truth].sort());

    // Already-deleted videos are not hidden twice; resetStats empties the list, the deletions stay.
    emulator.resetStats();
    emulator.setFaults({ emptyPageRate: 1 });
    await api.login();
    await api.post("video/query/", noQuery({ max_count: 30 }), "id");
    expect(emulator.stats().hiddenVideoIds).toEqual([]);
    expect(emulator.corpus.videoIdsMatching(no as never, "20260901", "20260930")).toEqual(truth);
  });

  it("connectionResetRate: the socket is destroyed without a response, and the request counts", async () => {
    await fresh({ connectionResetRate: 1 });
    await expect(api.post("video/query/", query(), "id")).rejects.toThrow();
    expect(faultCount("connectionReset")).toBe(1);
    expect(emulator.stats().quota["demo-client-key"]?.research.requests).toBe(1);
  });

  it("persistentErrorWindows: 500 for broad windows over the range until the window is small enough", async () => {
    await fresh({ persistentErrorWindows: [{ start: "20260905", end: "20260920", maxDays: 7 }] });
    const broad = await api.post(
      "video/query/",
      query({ start_date: "20260901", end_date: "20260930" }),
      "id",
    );
    expect(broad.status).toBe(500);
    const eightDays = await api.post(
      "video/query/",
      query({ start_date: "20260910", end_date: "20260917" }),
      "id",
    );
    expect(eightDays.status).toBe(500);
    const sevenDays = await api.post(
      "video/query/",
      query({ start_date: "20260910", end_date: "20260916" }),
      "id",
    );
    expect(sevenDays.status).toBe(200);
    const outside = await api.post(
      "video/query/",
      query({ start_date: "20261001", end_date: "20261030" }),
      "id",
    );
    expect(outside.status).toBe(200);
    expect(faultCount("persistentError")).toBe(2);
    emulator.setFaults({ persistentErrorWindows: [["20260905", "20260920"]] });
    expect((await api.post("video/query/", query(), "id")).status).toBe(500);
  });

  it("validates fault options and keeps the previous ones when a new set is rejected", async () => {
    await fresh({ internalErrorRate: 1 });
    expect(() => emulator.setFaults({ internalErrorRate: 1.5 })).toThrow(RangeError);
    expect(() => emulator.setFaults({ revokeTokenAfter: 0 })).toThrow(RangeError);
    for (const window of [
      ["2026-13-01", "20260920"],
      ["20260920", "20260901"],
    ] as const) {
      expect(() => emulator.setFaults({ persistentErrorWindows: [window] })).toThrow(RangeError);
    }
    expect((await api.post("video/query/", query(), "id")).status).toBe(500);
  });
});

describe("fault reproducibility", () => {
  async function statuses(faultSeed: number): Promise<number[]> {
    const em = await startEmulator({
      seed: 21,
      clock: new TestClock(),
      corpus: { videos: 2_000 },
      quota: { research: { requests: 100_000 } },
      faults: { internalErrorRate: 0.3, gatewayTimeoutRate: 0.1, faultSeed },
    });
    try {
      const client = new ApiClient(em.url);
      await client.login();
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await client.post("video/query/", query(), "id")).status);
      return out;
    } finally {
      await em.close();
    }
  }

  it("draws the same faults for the same faultSeed and request sequence", async () => {
    const a = await statuses(99);
    expect(a).toEqual(await statuses(99));
    expect(a).toContain(500);
    expect(a).toContain(504);
    expect(a).toContain(200);
    expect(await statuses(100)).not.toEqual(a);
  });
});
