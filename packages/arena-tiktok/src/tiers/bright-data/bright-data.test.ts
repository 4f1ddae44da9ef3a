import {
  AuthError,
  ConfigError,
  contentRecordSchema,
  IncompleteCollectionError,
  ManualClock,
  type Progress,
} from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { collect, testCollector } from "../../test-support/nock-api.js";
import { secretScan } from "../../test-support/secret-scan.js";

const BD = "https://api.brightdata.com";
const API_KEY = "bd-test-api-key-0123456789abcdef";
const SNAP = "s_m4x7enmven8djfqak";
const DATASET = "gd_lu702nij2f790tmv9h";
secretScan.secret(API_KEY);

const QUERY = { terms: ["klima"], since: "2026-09-01", until: "2026-09-08", tier: "medium" as const };
const post = (n: number, day = "2026-09-02", extra: Record<string, unknown> = {}) => ({
  post_id: (7553300000000000000n + BigInt(n)).toString(),
  url: `https://www.tiktok.com/@creator${n}/video/${7553300000000000000n + BigInt(n)}`,
  description: `Klimaet og afgiften er til debat igen nummer ${n} #dkpol #klima`,
  create_time: `${day}T14:30:00.000Z`,
  digg_count: 100 + n,
  share_count: 4,
  collect_count: 7,
  comment_count: 9,
  play_count: 1500,
  video_duration: 45,
  hashtags: ["#dkpol", "#klima"],
  video_url: "https://v16-webapp-prime.tiktok.com/video/example.mp4",
  profile_username: `creator${n}`,
  profile_url: `https://www.tiktok.com/@creator${n}`,
  is_verified: false,
  ...extra,
});
const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n");
const medium = (extra: Record<string, unknown> = {}) => {
  const clock = new ManualClock("2026-11-24T10:00:00Z");
  return testCollector({
    clock,
    brightData: { apiKey: API_KEY, pollIntervalMs: 10_000, ...extra },
  });
};
const bd = () => nock(BD, { reqheaders: { authorization: `Bearer ${API_KEY}` } });

guardNock(nock);

describe("medium tier (Bright Data)", () => {
  it("triggers a keyword collection, waits while it runs, and streams the NDJSON snapshot into UCR records", async () => {
    const inputs: unknown[] = [];
    bd()
      .post("/datasets/v3/trigger", (body) => inputs.push(body) > 0)
      .query({ dataset_id: DATASET, include_errors: "true", type: "discover_new", discover_by: "keyword" })
      .reply(200, { snapshot_id: SNAP });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query({ format: "ndjson" })
      .reply(202, { status: "running", message: "Snapshot is not ready yet, try again in 10s" });
    bd()
      .get(`/datasets/v3/progress/${SNAP}`)
      .reply(200, { snapshot_id: SNAP, dataset_id: DATASET, status: "running" });
    bd()
      .get(`/datasets/v3/progress/${SNAP}`)
      .reply(200, { snapshot_id: SNAP, dataset_id: DATASET, status: "ready" });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query({ format: "ndjson" })
      .reply(
        200,
        ndjson([
          post(1),
          { input: { search_keyword: "klima" }, error: "Page not found", error_code: "dead_page" },
          post(2, "2026-08-20"), // before since: skipped
          post(3),
        ]),
      );
    const { collector, sleeps, logger } = medium();
    expect(collector.supportedTiers).toEqual(["free", "medium"]);
    let skipped = 0;
    const { items, error } = await collect(
      collector.collectByTerms(QUERY, { runId: "m1", onProgress: (p) => (skipped = p.skipped) }),
    );
    expect(error).toBeUndefined();
    expect(inputs).toEqual([[{ search_keyword: "klima", num_of_posts: 1000 }]]);
    expect(sleeps).toEqual([10_000, 10_000]); // after the trigger, and after the "running" check
    expect(items.map((r) => r.platform_id)).toEqual([post(1).post_id, post(3).post_id]);
    expect(skipped).toBe(2);
    for (const record of items) expect(contentRecordSchema.safeParse(record).success).toBe(true);
    const record = items[0]!;
    expect(record).toMatchObject({
      collection_tier: "medium",
      likes_count: 101,
      views_count: 1500,
      comments_count: 9,
      shares_count: 4,
      published_at: "2026-09-02T14:30:00.000Z",
      search_terms_matched: ["klima"],
      raw_metadata: { source: "bright_data", snapshot_id: SNAP, dataset_id: DATASET, favorites_count: 7 },
    });
    expect(record.pseudonymized_author_id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(items)).not.toContain("creator1");
    expect(logger.text()).not.toContain(API_KEY);
    expect(collector.stats.brightDataRequests).toBe(5);
    expect(collector.stats.requests).toBe(0); // no Research API quota used
  });

  it("reads a snapshot delivered as one JSON array", async () => {
    bd().post("/datasets/v3/trigger").query(true).reply(200, { snapshot_id: SNAP });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query({ format: "json" })
      .reply(200, `[${JSON.stringify(post(1))},${JSON.stringify(post(2))}]`);
    const { collector } = medium({ format: "json" });
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "json" }));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
  });

  it("resumes by downloading the saved snapshot again, never re-triggering a paid collection", async () => {
    bd().post("/datasets/v3/trigger").query(true).once().reply(200, { snapshot_id: SNAP });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query(true)
      .times(2)
      .reply(200, ndjson([post(1), post(2), post(3)]));
    const { collector } = medium();
    const first: string[] = [];
    for await (const record of collector.collectByTerms(QUERY, { runId: "resume" })) {
      first.push(record.platform_id);
      break; // a crash or a break before the page's checkpoint
    }
    const rest = await collect(collector.collectByTerms(QUERY, { runId: "resume" }));
    expect(rest.error).toBeUndefined();
    expect(rest.items.map((r) => r.platform_id)).toEqual([post(1).post_id, post(2).post_id, post(3).post_id]);
    // A finished run asks for nothing more.
    let last: Progress | undefined;
    const again = await collect(
      collector.collectByTerms(QUERY, { runId: "resume", onProgress: (p) => (last = p) }),
    );
    expect(again.items).toEqual([]);
    expect(collector.stats.brightDataRequests).toBe(3);
    expect(last).toMatchObject({ phase: "completed", windowsDone: 1, windowsTotal: 1 });
  });

  it("downloads in parts of batchSize records, one checkpoint per part", async () => {
    bd().post("/datasets/v3/trigger").query(true).reply(200, { snapshot_id: SNAP });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query({ format: "ndjson", batch_size: "1000", part: "1" })
      .reply(200, ndjson([post(1)]));
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}/parts`)
      .query({ format: "ndjson", batch_size: "1000" })
      .reply(200, { parts: 2 });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query({ format: "ndjson", batch_size: "1000", part: "2" })
      .reply(200, ndjson([post(2)]));
    const { collector } = medium({ batchSize: 1000 });
    const pages: string[] = [];
    const { items, error } = await collect(
      collector.collectByTerms(QUERY, {
        runId: "parts",
        beforeCheckpoint: (page) => {
          pages.push(`${page.ids.length}:${page.done}`);
        },
      }),
    );
    expect(error).toBeUndefined();
    expect(items).toHaveLength(2);
    expect(pages).toEqual(["1:false", "1:true"]);
  });

  it("gives up a failed collection and triggers it anew on resume", async () => {
    bd().post("/datasets/v3/trigger").query(true).reply(200, { snapshot_id: SNAP });
    bd().get(`/datasets/v3/snapshot/${SNAP}`).query(true).reply(202, { status: "building" });
    bd().get(`/datasets/v3/progress/${SNAP}`).reply(200, { snapshot_id: SNAP, status: "failed" });
    const { collector } = medium();
    const failed = await collect(collector.collectByTerms(QUERY, { runId: "fail" }));
    expect(failed.error).toBeInstanceOf(IncompleteCollectionError);
    expect((failed.error as Error).message).toMatch(/keyword:klima/);

    bd().post("/datasets/v3/trigger").query(true).reply(200, { snapshot_id: "s_second" });
    bd()
      .get("/datasets/v3/snapshot/s_second")
      .query(true)
      .reply(200, ndjson([post(1)]));
    const resumed = await collect(collector.collectByTerms(QUERY, { runId: "fail" }));
    expect(resumed.error).toBeUndefined();
    expect(resumed.items).toHaveLength(1);
  });

  it("discovers an actor's posts by profile URL within the date range", async () => {
    const inputs: unknown[] = [];
    bd()
      .post("/datasets/v3/trigger", (body) => inputs.push(body) > 0)
      .query((q) => q.discover_by === "profile_url")
      .reply(200, { snapshot_id: SNAP });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query(true)
      .reply(200, ndjson([post(1, "2026-09-03", { profile_username: "drnyheder" })]));
    const { collector } = medium();
    const { items } = await collect(
      collector.collectByActors(
        { actors: ["@DRNyheder"], since: "2026-09-01", until: "2026-10-01", tier: "medium", maxResults: 50 },
        { runId: "actors" },
      ),
    );
    expect(inputs).toEqual([
      [
        {
          url: "https://www.tiktok.com/@drnyheder",
          num_of_posts: 50,
          start_date: "09-01-2026",
          end_date: "09-30-2026",
        },
      ],
    ]);
    expect(items[0]?.search_terms_matched).toEqual([`@${items[0]?.pseudonymized_author_id}`]);
  });

  it("fails with an auth error naming brightData.apiKey, without the key", async () => {
    bd().post("/datasets/v3/trigger").query(true).reply(401, { error: "User authentication is required" });
    const { collector } = medium();
    const { error } = await collect(collector.collectByTerms(QUERY, { runId: "auth" }));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/brightData\.apiKey/);
    expect((error as Error).message).not.toContain(API_KEY);
  });

  it("an answer larger than maxResponseBytes ends in an UpstreamError (response_too_large), not read whole", async () => {
    bd()
      .post("/datasets/v3/trigger")
      .query(true)
      .reply(200, `{"snapshot_id":"${"x".repeat(4_096)}"}`);
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const { collector } = testCollector({
      clock,
      maxResponseBytes: 1_024,
      brightData: { apiKey: API_KEY, pollIntervalMs: 10_000 },
    });
    const { error } = await collect(collector.collectByTerms(QUERY, { runId: "big" }));
    expect(error).toMatchObject({ name: "UpstreamError", code: "response_too_large" });
    expect((error as Error).message).toMatch(/Bright Data's trigger answer is larger than/);
  });

  it("retries 429 (too many running jobs) and 5xx", async () => {
    bd().post("/datasets/v3/trigger").query(true).reply(429, { error: "You have too many running jobs" });
    bd().post("/datasets/v3/trigger").query(true).reply(503, "<html>busy</html>");
    bd().post("/datasets/v3/trigger").query(true).reply(200, { snapshot_id: SNAP });
    bd()
      .get(`/datasets/v3/snapshot/${SNAP}`)
      .query(true)
      .reply(200, ndjson([post(1)]));
    const { collector } = medium();
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "retry" }));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
  });

  it("refuses an API key an HTTP header cannot carry with a ConfigError naming brightData.apiKey, without the key", () => {
    for (const apiKey of [
      "       \u0100",
      "bd key with spaces 0123",
      "bd-key-\n-0123456789",
      "bd-ключ-0123456789",
    ]) {
      let error: unknown;
      try {
        testCollector({ brightData: { apiKey } });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(apiKey)).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe("brightData.apiKey");
      expect((error as Error).message).toMatch(/paste the key exactly/);
      expect((error as Error).message).not.toContain(apiKey.trim());
    }
  });

  it("refuses the medium tier without brightData, and regions it cannot filter, before any request", async () => {
    const { collector } = testCollector();
    expect(collector.supportedTiers).toEqual(["free"]);
    const missing = await collect(collector.collectByTerms(QUERY, { runId: "none" }));
    expect(missing.error).toBeInstanceOf(ConfigError);
    expect((missing.error as ConfigError).field).toBe("brightData");
    await expect(collector.estimateCost(QUERY)).rejects.toMatchObject({ field: "brightData" });

    const { collector: withMedium } = medium();
    const regions = await collect(withMedium.collectByTerms({ ...QUERY, regions: ["DK"] }, { runId: "r" }));
    expect((regions.error as ConfigError).field).toBe("regions");
    const premium = await collect(withMedium.collectByTerms({ ...QUERY, tier: "premium" }, { runId: "p" }));
    expect((premium.error as ConfigError).field).toBe("tier");
  });

  it("estimates the medium tier's money at $1 per 1,000 records and uses no Research API quota", async () => {
    const { collector } = medium();
    const estimate = await collector.estimateCost({ ...QUERY, terms: ["klima", "valg"], maxResults: 500 });
    expect(estimate.money.medium).toBe(1); // 2 keywords × 500 posts
    expect(estimate.quotaDays).toBe(0);
    expect(estimate.partitions).toBe(2);
    expect(estimate.requests.min).toBeLessThanOrEqual(estimate.requests.expected);
    expect(estimate.requests.expected).toBeLessThanOrEqual(estimate.requests.max);
  });

  it("checks Bright Data in the health report beside the Research API", async () => {
    bd().get("/datasets/v3/snapshots").query({ dataset_id: DATASET, limit: "1" }).reply(200, []);
    nock("https://open.tiktokapis.com").post("/v2/oauth/token/").reply(401, { error: "invalid_client" });
    const { collector } = medium();
    const report = await collector.healthCheck();
    expect(report.status).toBe("degraded");
    expect(report.detail).toMatch(/Bright Data \(medium tier\) answers/);
  });
});
