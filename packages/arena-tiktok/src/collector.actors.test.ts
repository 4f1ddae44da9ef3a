import {
  CollectionAbortedError,
  ManualClock,
  MemoryCheckpointStore,
  MemoryLogger,
  MemoryQuotaLedger,
} from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  apiError,
  BASE,
  CLIENT_SECRET,
  collect,
  rawVideoPage,
  testCollector,
  tokenScope,
  video,
} from "./test-support/nock-api.js";
import { secretScan } from "./test-support/secret-scan.js";

const PATH = "/v2/research/video/query/";
const pushed = <T>(list: T[], value: T): T => {
  list.push(value);
  return value;
};
const USER = "/v2/research/user/info/";

guardNock(nock);

describe("collectByActors", () => {
  it("fetches each actor's user info once per run, queries username IN, and uses the info", async () => {
    tokenScope();
    const users: string[] = [];
    nock(BASE)
      .post(USER, (b) => pushed(users, b.username) === "drnyheder")
      .query((q) => String(q.fields).includes("follower_count"))
      .reply(
        200,
        JSON.stringify({
          data: { display_name: "DR Nyheder", is_verified: true, follower_count: 512000 },
          error: { code: "ok", message: "" },
        }),
      );
    nock(BASE)
      .post(USER, (b) => pushed(users, b.username) === "privatperson")
      .query(true)
      .reply(400, apiError("invalid_params", "API cannot return this user's information"));
    const bodies: Record<string, unknown>[] = [];
    nock(BASE)
      .post(PATH, (b) => pushed(bodies, b) !== undefined)
      .query(true)
      .reply(
        200,
        rawVideoPage([video(1, "2026-09-02", { username: "drnyheder" })], { cursor: 1, hasMore: false }),
      );
    const { collector } = testCollector({ publicFigures: ["drnyheder"] });
    const { items, error } = await collect(
      collector.collectByActors(
        { actors: ["@DRNyheder", "drnyheder", "privatperson"], since: "2026-09-01", until: "2026-09-08" },
        { runId: "a" },
      ),
    );
    expect(error).toBeUndefined();
    expect(users).toEqual(["drnyheder", "privatperson"]);
    expect((bodies[0]!.query as { and: unknown[] }).and[0]).toEqual({
      field_name: "username",
      operation: "IN",
      field_values: ["drnyheder", "privatperson"],
    });
    const record = items[0]!;
    expect(record.author_display_name).toBe("DR Nyheder");
    expect(record.pseudonymized_author_id).toBe("drnyheder");
    expect(record.raw_metadata).toMatchObject({
      public_figure: true,
      author: { is_verified: true, follower_count: 512000 },
    });
    expect(record.search_terms_matched).toEqual(["@drnyheder"]);

    // A second run over the same runId is complete: no request at all.
    const before = collector.stats.requests;
    await collect(
      collector.collectByActors(
        { actors: ["drnyheder", "privatperson"], since: "2026-09-01", until: "2026-09-08" },
        { runId: "a" },
      ),
    );
    expect(collector.stats.requests).toBe(before);
  });

  it("pseudonymises authors who are not public figures", async () => {
    tokenScope();
    nock(BASE)
      .post(USER)
      .query(true)
      .reply(200, JSON.stringify({ data: { display_name: "Privat" }, error: { code: "ok" } }));
    nock(BASE)
      .post(PATH)
      .query(true)
      .reply(
        200,
        rawVideoPage([video(1, "2026-09-02", { username: "someone" })], { cursor: 1, hasMore: false }),
      );
    const { collector } = testCollector();
    const { items } = await collect(
      collector.collectByActors(
        { actors: ["someone"], since: "2026-09-01", until: "2026-09-08" },
        { runId: "p" },
      ),
    );
    const record = items[0]!;
    expect(record.pseudonymized_author_id).toMatch(/^[0-9a-f]{64}$/);
    expect(record.author_platform_id).toBe(record.pseudonymized_author_id);
    expect(record.author_display_name).toBeNull();
    expect(JSON.stringify(record)).not.toContain("someone");
    expect(record.search_terms_matched).toEqual([`@${record.pseudonymized_author_id}`]);
  });
});

describe("fetchActors", () => {
  it("does not answer for a user whose requests failed on every retry: incomplete, and a resume asks again", async () => {
    tokenScope();
    nock(BASE)
      .post(USER)
      .query(true)
      .reply(200, JSON.stringify({ data: { display_name: "A" }, error: { code: "ok" } }));
    nock(BASE)
      .post(USER)
      .query(true)
      .times(2)
      .reply(500, apiError("internal_error", "Server Internal Error"));
    const { collector } = testCollector({ retry: { maxAttempts: 2 } });
    const first = await collect(collector.fetchActors(["anna", "bo"], { runId: "profiles" }));
    expect(first.items.map((p) => p.username)).toEqual(["anna"]);
    expect((first.error as { givenUp?: unknown[] }).givenUp).toHaveLength(1);
    nock(BASE)
      .post(USER)
      .query(true)
      .reply(200, JSON.stringify({ data: { display_name: "B" }, error: { code: "ok" } }));
    const second = await collect(collector.fetchActors(["anna", "bo"], { runId: "profiles" }));
    expect(second.error).toBeUndefined();
    expect(second.items.map((p) => [p.username, p.status])).toEqual([["bo", "ok"]]);
  });
});

describe("abort", () => {
  it("stops all requests on an aborted signal and throws a resumable ArenaError", async () => {
    tokenScope();
    nock(BASE)
      .post(PATH)
      .query(true)
      .reply(200, rawVideoPage([video(1), video(2)], { cursor: 100, hasMore: true, searchId: "1" }));
    const { collector } = testCollector();
    const controller = new AbortController();
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const r of collector.collectByTerms(
        { terms: ["klima"], since: "2026-09-01", until: "2026-09-08" },
        { runId: "x", signal: controller.signal },
      )) {
        seen.push(r.platform_id);
        controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(seen).toHaveLength(2); // the page in hand is finished
    expect(caught).toBeInstanceOf(CollectionAbortedError);
    expect(collector.stats.requests).toBe(1);
  });
});

describe("healthCheck and estimateCost", () => {
  it("reports ok with latency and quota, and never throws", async () => {
    tokenScope();
    nock(BASE)
      .post(PATH, (b) => b.max_count === 1)
      .query({ fields: "id" })
      .reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    const { collector } = testCollector({ healthProbeIntervalMs: 0 }); // a probe on every call
    const report = await collector.healthCheck();
    expect(report).toMatchObject({ status: "ok", quota: { requestsUsed: 1, requestsLimit: 1000 } });
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);

    nock(BASE).post(PATH).query(true).reply(401, apiError("scope_not_authorized", "not approved"));
    expect(await collector.healthCheck()).toMatchObject({ status: "down" });
    nock(BASE).post(PATH).query(true).reply(429, apiError("rate_limit_exceeded", "spent"));
    expect(await collector.healthCheck()).toMatchObject({ status: "degraded" });
  });

  it("sends at most one probe per healthProbeIntervalMs, and none while collection requests succeed", async () => {
    tokenScope();
    const probe = () =>
      nock(BASE)
        .post(PATH, (b) => b.max_count === 1)
        .query({ fields: "id" });
    probe().reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    const { collector, clock, quota } = testCollector({ healthProbeIntervalMs: 600_000 });
    expect(await collector.healthCheck()).toMatchObject({ status: "ok", quota: { requestsUsed: 1 } });

    // A host polling every minute: no request for ten minutes, the same verdict, the ledger's quota.
    for (let minute = 1; minute < 10; minute++) {
      clock.advance(60_000);
      const report = await collector.healthCheck();
      expect(report).toMatchObject({ status: "ok", quota: { requestsUsed: 1 } });
      expect(report.detail).toBe(
        `token and video query work (probed ${minute * 60} s ago; no request sent: at most one probe per 600 s); 999 requests left today`,
      );
      expect(report.checkedAt).toBe(new Date(clock.now()).toISOString());
    }
    expect(collector.stats.requests).toBe(1);

    // After the interval, the next check probes again, with one attempt only: a 500 is not retried.
    clock.advance(60_000);
    probe().once().reply(500, apiError("internal_error", "Something is wrong."));
    const failing = await collector.healthCheck();
    expect(failing).toMatchObject({ status: "degraded" });
    expect(collector.stats.requests).toBe(2);
    // The failure is reported again within the interval without another request…
    clock.advance(60_000);
    expect(await collector.healthCheck()).toMatchObject({ status: "degraded" });
    expect(collector.stats.requests).toBe(2);

    // …until a collection request succeeds: that is evidence enough, and free.
    nock(BASE)
      .post(PATH, (b) => b.max_count === 100)
      .query(true)
      .reply(200, rawVideoPage([video(1)], { cursor: 1, hasMore: false }));
    await collect(collector.collectByTerms({ terms: ["klima"], since: "2026-09-01", until: "2026-09-02" }));
    clock.advance(1_000);
    const afterWork = await collector.healthCheck();
    expect(afterWork).toMatchObject({ status: "ok", quota: { requestsUsed: 3 } });
    expect(afterWork.detail).toMatch(/a Research API request succeeded 1 s ago \(no probe sent\)/);
    expect(collector.stats.requests).toBe(3);

    // A spent quota shows at once (the ledger is free to read), still without a probe.
    await quota.markExhausted("test", "research");
    expect(await collector.healthCheck()).toMatchObject({ status: "degraded", detail: /quota is spent/ });
    expect(collector.stats.requests).toBe(3);
  });

  it("shares the last probe through the checkpoint store: many workers probe as rarely as one", async () => {
    tokenScope(3); // each worker still checks that it gets a token (free: not a research request)
    nock(BASE)
      .post(PATH, (b) => b.max_count === 1)
      .query({ fields: "id" })
      .once()
      .reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    const clock = new ManualClock("2026-11-24T10:00:00Z");
    const checkpoints = new MemoryCheckpointStore();
    const quota = new MemoryQuotaLedger({ clock });
    const workers = [1, 2, 3].map(() => testCollector({ clock, checkpoints, quota }).collector);
    expect(await workers[0]!.healthCheck()).toMatchObject({ status: "ok" });
    clock.advance(30_000);
    for (const worker of workers.slice(1)) {
      const report = await worker.healthCheck();
      expect(report).toMatchObject({ status: "ok", quota: { requestsUsed: 1 } });
      expect(report.detail).toMatch(/^token and video query work \(probed 30 s ago; no request sent/);
      expect(worker.stats.requests).toBe(0);
    }
  });

  it("rejects a missing query with a config error", async () => {
    const { collector } = testCollector();
    for (const input of [null, undefined, 42]) {
      await expect(collector.estimateCost(input as never)).rejects.toMatchObject({ failureType: "config" });
    }
  });

  it("estimates from partitions × windows, then from the history of a finished run", async () => {
    const q = {
      terms: ["klima"],
      termGroups: [["klima", "afgift"]],
      since: "2026-09-01",
      until: "2026-11-01",
    };
    const { collector } = testCollector();
    const first = await collector.estimateCost(q);
    expect(first).toMatchObject({ basis: "partitions", partitions: 2, windows: 9 });
    expect(first.requests.min).toBe(18);
    expect(first.quotaDays).toBe(1);

    tokenScope();
    nock(BASE)
      .post(PATH)
      .query(true)
      .times(18)
      .reply(200, rawVideoPage([video(1)], { cursor: 1, hasMore: false }));
    await collect(collector.collectByTerms(q, { runId: "h" }));
    const second = await collector.estimateCost(q);
    expect(second.basis).toBe("history");
    expect(second.requests.expected).toBe(18);
    expect(second.notes.join(" ")).toMatch(/earlier run/);
  });
});

describe("secret scan", () => {
  it("finds a leaked secret (the scan that runs after every test works)", async () => {
    const logger = new MemoryLogger();
    logger.info(`oops ${CLIENT_SECRET}`);
    logger.info("token clt.abcdefghijklmnop");
    secretScan.watch(logger, {
      get: async () => undefined,
      put: async () => {},
      list: async () => [],
      deleteRun: async () => {},
    });
    expect(await secretScan.findLeaks()).toHaveLength(2);
    secretScan.reset();
  });

  it("keeps secrets out of logs even at debug level through 401s and failures", async () => {
    tokenScope(2);
    nock(BASE).post(PATH).query(true).reply(401, apiError("access_token_invalid", "bad token"));
    nock(BASE).post(PATH).query(true).reply(500, apiError("internal_error", "x"));
    nock(BASE).post(PATH).query(true).reply(400, apiError("invalid_params", "Invalid field"));
    const { collector, logger } = testCollector();
    const { error } = await collect(
      collector.collectByTerms(
        { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" },
        { runId: "s" },
      ),
    );
    expect(error).toBeDefined();
    expect(logger.entries.length).toBeGreaterThan(0);
    // The afterEach scan checks logger, checkpoints and the error.
  });
});
