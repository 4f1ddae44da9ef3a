import {
  AuthError,
  ConfigError,
  IncompleteCollectionError,
  ManualClock,
  MemoryQuotaLedger,
  type Progress,
  QuotaExhaustedError,
  type TermsQueryInput,
} from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import type { TikTokCollector } from "./collector.js";
import {
  apiError,
  BASE,
  collect,
  rawVideoPage,
  testCollector,
  tokenScope,
  video,
} from "./test-support/nock-api.js";

const QUERY = { terms: ["klima", "#dkpol"], since: "2026-09-01", until: "2026-09-08", regions: ["DK"] };
const PATH = "/v2/research/video/query/";

/** Captures request bodies of the video query endpoint, in order. */
function videoQuery(bodies: Record<string, unknown>[]) {
  return nock(BASE)
    .post(PATH, (body) => {
      bodies.push(body);
      return true;
    })
    .query(true);
}

/** Runs a finished run again: the records it yields and its last progress report. */
async function runAgain(collector: TikTokCollector, query: TermsQueryInput, runId: string) {
  let last: Progress | undefined;
  const { items } = await collect(collector.collectByTerms(query, { runId, onProgress: (p) => (last = p) }));
  return { items: items.length, last };
}

guardNock(nock);

describe("paging", () => {
  it("builds the query from terms, regions and the window, and pages with cursor + search_id", async () => {
    const bodies: Record<string, unknown>[] = [];
    tokenScope();
    videoQuery(bodies).reply(
      200,
      rawVideoPage([video(1), video(2)], { cursor: 100, hasMore: true, searchId: "7400000000000000001" }),
    );
    videoQuery(bodies).reply(
      200,
      rawVideoPage([video(3)], { cursor: 200, hasMore: false, searchId: "7400000000000000001" }),
    );
    const { collector } = testCollector();
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "r1" }));
    expect(error).toBeUndefined();
    expect(items.map((r) => r.platform_id)).toEqual([
      "7301234567890000001",
      "7301234567890000002",
      "7301234567890000003",
    ]);
    expect(bodies[0]).toMatchObject({
      query: {
        and: [
          { field_name: "region_code", operation: "EQ", field_values: ["DK"] },
          { field_name: "create_date", operation: "LT", field_values: ["20260908"] },
        ],
        or: [
          { field_name: "keyword", operation: "EQ", field_values: ["klima"] },
          { field_name: "hashtag_name", operation: "EQ", field_values: ["dkpol"] },
        ],
      },
      start_date: "20260901",
      end_date: "20260908",
      max_count: 100,
    });
    expect(bodies[0]).not.toHaveProperty("cursor");
    expect(bodies[1]).toMatchObject({ cursor: 200 - 100, search_id: "7400000000000000001" });
    expect(items[0]?.search_terms_matched).toEqual(["klima", "#dkpol"]);
  });

  it("keeps going after a short page and an empty page with has_more", async () => {
    const bodies: Record<string, unknown>[] = [];
    tokenScope();
    videoQuery(bodies).reply(200, rawVideoPage([video(1)], { cursor: 100, hasMore: true, searchId: "1" }));
    videoQuery(bodies).reply(200, rawVideoPage([], { cursor: 200, hasMore: true, searchId: "1" }));
    videoQuery(bodies).reply(200, rawVideoPage([video(2)], { cursor: 245, hasMore: false, searchId: "1" }));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "r2" }));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect(bodies.map((b) => b.cursor)).toEqual([undefined, 100, 200]);
  });

  it("keeps the newest search_id when it changes between pages", async () => {
    const bodies: Record<string, unknown>[] = [];
    tokenScope();
    videoQuery(bodies).reply(200, rawVideoPage([video(1)], { cursor: 100, hasMore: true, searchId: "111" }));
    videoQuery(bodies).reply(200, rawVideoPage([video(2)], { cursor: 200, hasMore: true, searchId: "222" }));
    videoQuery(bodies).reply(200, rawVideoPage([video(3)], { cursor: 300, hasMore: false, searchId: "222" }));
    const { collector } = testCollector();
    await collect(collector.collectByTerms(QUERY, { runId: "r3" }));
    expect(bodies.map((b) => b.search_id)).toEqual([undefined, "111", "222"]);
  });

  it("stops on a cursor that does not advance instead of looping, and reports the window", async () => {
    tokenScope();
    const bodies: Record<string, unknown>[] = [];
    videoQuery(bodies).reply(
      200,
      rawVideoPage([video(1, "2026-09-01")], { cursor: 100, hasMore: true, searchId: "1" }),
    );
    videoQuery(bodies).reply(
      200,
      rawVideoPage([video(2, "2026-09-01")], { cursor: 100, hasMore: true, searchId: "1" }),
    );
    // A 1-day window cannot be split: it is given up and reported.
    const { collector } = testCollector({ windowDays: 1 });
    const { items, error } = await collect(
      collector.collectByTerms({ ...QUERY, until: "2026-09-02" }, { runId: "stuck" }),
    );
    expect(items.map((r) => r.platform_id)).toEqual(["7301234567890000001"]);
    expect(error).toBeInstanceOf(IncompleteCollectionError);
    expect((error as IncompleteCollectionError).givenUp).toHaveLength(1);
    expect(bodies).toHaveLength(2);
  });

  it("keeps 19-digit IDs exact from the wire to the record", async () => {
    tokenScope();
    videoQuery([]).reply(
      200,
      rawVideoPage([{ ...video(0), id: "7301234567890123456", music_id: "7301234567890123999" }], {
        cursor: 1,
        hasMore: false,
      }),
    );
    const { collector } = testCollector();
    const { items } = await collect(collector.collectByTerms(QUERY, { runId: "ids" }));
    expect(items[0]?.platform_id).toBe("7301234567890123456");
    expect(items[0]?.raw_metadata.music_id).toBe("7301234567890123999");
    expect(items[0]?.url).toBe("https://www.tiktok.com/@/video/7301234567890123456");
    expect(Number("7301234567890123456").toString()).not.toBe("7301234567890123456"); // what JSON.parse would do
  });

  it("drops videos outside the window and duplicates, counting them as skipped", async () => {
    tokenScope();
    videoQuery([]).reply(
      200,
      rawVideoPage(
        [video(1), video(1), video(2, "2026-09-08"), { ...video(3), create_time: "bad" as never }],
        {
          cursor: 4,
          hasMore: false,
        },
      ),
    );
    const { collector } = testCollector();
    let skipped = 0;
    const { items } = await collect(
      collector.collectByTerms(QUERY, { runId: "skip", onProgress: (p) => (skipped = p.skipped) }),
    );
    expect(items.map((r) => r.platform_id)).toEqual(["7301234567890000001"]);
    expect(skipped).toBe(3);
  });

  it("stops at maxResults without requesting another page", async () => {
    tokenScope();
    videoQuery([]).reply(
      200,
      rawVideoPage([video(1), video(2), video(3)], { cursor: 100, hasMore: true, searchId: "1" }),
    );
    const { collector } = testCollector();
    const { items } = await collect(collector.collectByTerms({ ...QUERY, maxResults: 2 }, { runId: "max" }));
    expect(items).toHaveLength(2);
  });

  it("counts records of earlier invocations towards maxResults on resume", async () => {
    tokenScope();
    videoQuery([]).reply(
      200,
      rawVideoPage([video(1), video(2)], { cursor: 100, hasMore: true, searchId: "1" }),
    );
    videoQuery([]).reply(
      200,
      rawVideoPage([video(3), video(4)], { cursor: 200, hasMore: true, searchId: "1" }),
    );
    videoQuery([]).reply(
      200,
      rawVideoPage([video(3), video(4)], { cursor: 200, hasMore: true, searchId: "1" }),
    );
    const { collector } = testCollector();
    const first: string[] = [];
    for await (const r of collector.collectByTerms({ ...QUERY, maxResults: 3 }, { runId: "max-resume" })) {
      first.push(r.platform_id);
      if (first.length === 3) break; // killed before page 2 was checkpointed
    }
    const second = await collect(
      collector.collectByTerms({ ...QUERY, maxResults: 3 }, { runId: "max-resume" }),
    );
    // Page 2 is replayed (at-least-once), but only up to the limit: 2 checkpointed + 1.
    expect(second.items.map((r) => r.platform_id)).toEqual(["7301234567890000003"]);
    const third = await collect(
      collector.collectByTerms({ ...QUERY, maxResults: 3 }, { runId: "max-resume" }),
    );
    expect(third.items).toEqual([]);
  });

  it("reports a completed run's windows as done when it is run again, without a request", async () => {
    tokenScope();
    videoQuery([]).reply(200, rawVideoPage([video(1)], { cursor: 1, hasMore: false }));
    const { collector } = testCollector();
    const query = { ...QUERY, until: "2026-09-15" }; // two 7-day windows; the second is empty
    videoQuery([]).reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    await collect(collector.collectByTerms(query, { runId: "again" }));
    expect(await runAgain(collector, query, "again")).toMatchObject({
      items: 0,
      last: { phase: "completed", requests: 0, windowsDone: 2, windowsTotal: 2 },
    });
  });

  it("does not count the unfinished windows of a run that ended at maxResults as done", async () => {
    tokenScope();
    videoQuery([]).reply(
      200,
      rawVideoPage([video(1), video(2)], { cursor: 100, hasMore: true, searchId: "1" }),
    );
    const { collector } = testCollector();
    const capped = { ...QUERY, maxResults: 2 };
    await collect(collector.collectByTerms(capped, { runId: "capped" }));
    expect(await runAgain(collector, capped, "capped")).toMatchObject({
      items: 0,
      last: { phase: "completed", requests: 0, windowsDone: 0, windowsTotal: 1 },
    });
  });

  it("splits a 7-day window that keeps failing with 500 and collects the halves", async () => {
    tokenScope();
    const bodies: Record<string, unknown>[] = [];
    // 5 attempts on the whole window fail…
    videoQuery(bodies)
      .times(5)
      .reply(500, apiError("internal_error", "Something is wrong. Please try again later."));
    // …then each half succeeds.
    videoQuery(bodies).reply(200, rawVideoPage([video(1, "2026-09-02")], { cursor: 1, hasMore: false }));
    videoQuery(bodies).reply(200, rawVideoPage([video(2, "2026-09-06")], { cursor: 1, hasMore: false }));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "split" }));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect(bodies.slice(5).map((b) => [b.start_date, b.end_date])).toEqual([
      ["20260901", "20260905"],
      ["20260905", "20260908"],
    ]);
  });
});

describe("auth", () => {
  it("refreshes on a 401 in the middle of paging and retries the same cursor and search_id", async () => {
    const bodies: Record<string, unknown>[] = [];
    const tokens: string[] = [];
    tokenScope(2);
    const seenToken = (value: string) => {
      tokens.push(value);
      return true;
    };
    videoQuery(bodies)
      .matchHeader("authorization", seenToken)
      .reply(200, rawVideoPage([video(1)], { cursor: 100, hasMore: true, searchId: "555" }));
    videoQuery(bodies)
      .matchHeader("authorization", seenToken)
      .reply(
        401,
        apiError("access_token_invalid", "The access token is invalid or not found in the request."),
      );
    videoQuery(bodies)
      .matchHeader("authorization", seenToken)
      .reply(200, rawVideoPage([video(2)], { cursor: 200, hasMore: false, searchId: "555" }));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "401" }));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect(bodies[1]).toMatchObject({ cursor: 100, search_id: "555" });
    expect(bodies[2]).toMatchObject({ cursor: 100, search_id: "555" });
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[1]);
    expect(collector.stats.tokenRequests).toBe(2);
  });

  it("refreshes proactively when less than 10 minutes remain", async () => {
    tokenScope(2);
    videoQuery([])
      .times(2)
      .reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    const { collector, clock } = testCollector();
    await collect(collector.collectByTerms(QUERY, { runId: "a" }));
    clock.advance(2 * 3600_000 - 9 * 60_000);
    await collect(collector.collectByTerms(QUERY, { runId: "b" }));
    expect(collector.stats.tokenRequests).toBe(2);
  });

  it("fails at once with an auth error when the token endpoint rejects the credentials", async () => {
    nock(BASE).post("/v2/oauth/token/").reply(401, {
      error: "invalid_client",
      error_description: "Client key or secret is incorrect.",
      log_id: "x",
    });
    const { collector } = testCollector();
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "bad-creds" }));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/client key and secret/);
    expect(collector.stats.tokenRequests).toBe(1);
    expect(collector.stats.requests).toBe(0);
  });

  it("merges concurrent token requests into one", async () => {
    tokenScope(1);
    videoQuery([])
      .times(3)
      .reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    const { collector } = testCollector();
    await Promise.all(["x", "y", "z"].map((runId) => collect(collector.collectByTerms(QUERY, { runId }))));
    expect(collector.stats.tokenRequests).toBe(1);
  });
});

describe("quota", () => {
  it("pauses on 429 with a resumable QuotaExhaustedError and resumes the next UTC day without repeating a page", async () => {
    const bodies: Record<string, unknown>[] = [];
    tokenScope(2);
    videoQuery(bodies).reply(200, rawVideoPage([video(1)], { cursor: 100, hasMore: true, searchId: "9" }));
    videoQuery(bodies).reply(429, apiError("rate_limit_exceeded", "API rate limit exceeded"));
    const { collector, clock } = testCollector();
    const first = await collect(collector.collectByTerms(QUERY, { runId: "q" }));
    expect(first.items).toHaveLength(1);
    expect(first.error).toBeInstanceOf(QuotaExhaustedError);
    expect((first.error as QuotaExhaustedError).resumeAt).toBe("2026-11-25T00:00:00.000Z");
    expect((first.error as QuotaExhaustedError).failureType).toBe("quota");

    // Same day: the ledger knows the quota is spent; nothing is sent.
    const again = await collect(collector.collectByTerms(QUERY, { runId: "q" }));
    expect(again.error).toBeInstanceOf(QuotaExhaustedError);
    expect(bodies).toHaveLength(2);

    clock.set("2026-11-25T00:00:01Z");
    videoQuery(bodies).reply(200, rawVideoPage([video(2)], { cursor: 200, hasMore: false, searchId: "9" }));
    const resumed = await collect(collector.collectByTerms(QUERY, { runId: "q" }));
    expect(resumed.error).toBeUndefined();
    expect(resumed.items.map((r) => r.platform_id)).toEqual(["7301234567890000002"]);
    expect(bodies[2]).toMatchObject({ cursor: 100, search_id: "9" });

    // estimateCost's history has the whole run: the paused invocation's page too, not only the last
    // invocation's (the refused 429 request fetched nothing and is not a cost of the query).
    const estimate = await collector.estimateCost(QUERY);
    expect(estimate.basis).toBe("history");
    expect(estimate.requests.expected).toBe(2);
  });

  it("reserves every request from the ledger and stops when the ledger is spent", async () => {
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const quota = new MemoryQuotaLedger({ clock, pools: { research: { requests: 2, records: 200 } } });
    const { collector } = testCollector({ clock, quota });
    tokenScope();
    videoQuery([]).reply(200, rawVideoPage([video(1)], { cursor: 100, hasMore: true, searchId: "1" }));
    videoQuery([]).reply(200, rawVideoPage([video(2)], { cursor: 200, hasMore: true, searchId: "1" }));
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "ledger" }));
    expect(items).toHaveLength(2);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    const state = await quota.state("test", "research");
    expect(state.requestsUsed).toBe(2);
    expect(state.recordsUsed).toBe(2);
  });
});

describe("bad input", () => {
  it("rejects a bad query with a config error naming the field, before any request", async () => {
    const { collector } = testCollector();
    const { error } = await collect(
      collector.collectByTerms({ ...QUERY, regions: ["DNK"] }, { runId: "bad" }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("regions.0");
  });

  it("refuses to reuse a runId for another query", async () => {
    tokenScope();
    videoQuery([]).reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    const { collector } = testCollector();
    await collect(collector.collectByTerms(QUERY, { runId: "same" }));
    const { error } = await collect(
      collector.collectByTerms({ ...QUERY, terms: ["valg"] }, { runId: "same" }),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("runId");
  });
});
