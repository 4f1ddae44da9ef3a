import { AuthError, ConfigError, DataError, TransientError, UpstreamError } from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import {
  apiError,
  BASE,
  collect,
  rawVideoPage,
  testCollector,
  tokenScope,
  video,
} from "../test-support/nock-api.js";
import { classify, ERROR_TABLE, type Outcome } from "./error-table.js";

const QUERY = { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" };
const PATH = "/v2/research/video/query/";
const ok = () => rawVideoPage([video(1, "2026-09-01")], { cursor: 1, hasMore: false });
const HTML_504 =
  "<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>";

guardNock(nock);

describe("the error table", () => {
  it("maps every documented answer to one action", () => {
    const cases: [Parameters<typeof classify>[0], string, string][] = [
      [{ status: 200, code: "ok", hasData: true, nonJson: false }, "success", "ok"],
      [{ status: 500, code: "ok", hasData: true, nonJson: false }, "success", "ok"],
      [
        { status: 401, code: "access_token_invalid", hasData: false, nonJson: false },
        "refresh",
        "token-invalid",
      ],
      [
        { status: 401, code: "scope_not_authorized", hasData: false, nonJson: false },
        "fail",
        "scope-not-authorized",
      ],
      [
        { status: 400, code: "scope_permission_missed", hasData: false, nonJson: false },
        "fail",
        "scope-permission-missed",
      ],
      [{ status: 429, code: "rate_limit_exceeded", hasData: false, nonJson: false }, "pause", "quota"],
      [
        {
          status: 400,
          code: "invalid_params",
          message: "Search Id 7301234 is invalid or expired",
          hasData: false,
          nonJson: false,
        },
        "retry-slow",
        "search-id-invalid",
      ],
      [
        {
          status: 400,
          code: "invalid_params",
          message: "Invalid count or cursor",
          hasData: false,
          nonJson: false,
        },
        "retry-slow",
        "invalid-count-or-cursor",
      ],
      [
        {
          status: 400,
          code: "invalid_params",
          message: "user foo is invalid: cannot find the user",
          hasData: false,
          nonJson: false,
        },
        "skip",
        "user-unavailable",
      ],
      ...[
        "Ad 12 is invalid: cannot find the ad",
        "Shop 7 is invalid: cannot find the shop",
        "Product 9 is invalid: cannot find the product",
      ].map((message): [Outcome, string, string] => [
        { status: 400, code: "invalid_params", message, hasData: false, nonJson: false },
        "skip",
        "user-unavailable",
      ]),
      [
        {
          status: 400,
          code: "invalid_params",
          message: "Invalid field_name",
          hasData: false,
          nonJson: false,
        },
        "fail",
        "invalid-params",
      ],
      [
        {
          status: 500,
          code: "internal_error",
          message: "Something went wrong",
          hasData: false,
          nonJson: false,
        },
        "retry",
        "server-error",
      ],
      [{ status: 504, hasData: false, nonJson: true }, "retry", "gateway"],
      [{ status: 0, hasData: false, nonJson: true, network: "timeout" }, "retry", "network-timeout"],
      [{ status: 0, hasData: false, nonJson: true, network: "reset" }, "retry", "network-error"],
      [{ status: 0, hasData: false, nonJson: true, network: "refused" }, "retry", "connection-refused"],
      [{ status: 0, hasData: false, nonJson: true, network: "unknown-host" }, "fail", "unknown-host"],
      [
        { status: 401, code: "invalid_client", hasData: false, nonJson: false, tokenEndpoint: true },
        "fail",
        "credentials-rejected",
      ],
      [{ status: 404, hasData: false, nonJson: true, tokenEndpoint: true }, "fail", "token-endpoint-missing"],
      [{ status: 403, hasData: false, nonJson: true, tokenEndpoint: true }, "fail", "token-endpoint-missing"],
      [{ status: 200, hasData: false, nonJson: true }, "fail", "ok-status-bad-body"],
      [{ status: 418, hasData: false, nonJson: true }, "fail", "other"],
    ];
    for (const [outcome, action, row] of cases) expect(classify(outcome), row).toMatchObject({ action, row });
    const covered = new Set(cases.map((c) => c[2]));
    expect(ERROR_TABLE.map((r) => r.name).filter((n) => !covered.has(n))).toEqual([]);
  });
});

describe("the error table through the transport", () => {
  const retried: [string, number, string | (() => string), Record<string, string>?][] = [
    [
      "Search Id … invalid or expired",
      400,
      apiError("invalid_params", "Search Id 7301234567890123456 is invalid or expired"),
    ],
    ["Invalid count or cursor", 400, apiError("invalid_params", "Invalid count or cursor")],
    ["500 internal_error", 500, apiError("internal_error", "Something is wrong. Please try again later.")],
    ["500 without a message", 500, ""],
    ["504 with an HTML body", 504, HTML_504, { "content-type": "text/html" }],
  ];
  for (const [name, status, body, headers] of retried) {
    it(`retries ${name} and then succeeds, spending one request per attempt`, async () => {
      tokenScope();
      nock(BASE).post(PATH).query(true).reply(status, body, headers);
      nock(BASE).post(PATH).query(true).reply(200, ok());
      const { collector, sleeps } = testCollector();
      const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: name }));
      expect(error).toBeUndefined();
      expect(items).toHaveLength(1);
      expect(collector.stats.requests).toBe(2);
      expect(sleeps).toHaveLength(1);
    });
  }

  it("waits 5 s × attempt after the search_id error, as the API's cache needs", async () => {
    tokenScope();
    nock(BASE)
      .post(PATH)
      .query(true)
      .times(2)
      .reply(400, apiError("invalid_params", "Search Id 1 is invalid or expired"));
    nock(BASE).post(PATH).query(true).reply(200, ok());
    const { collector, sleeps } = testCollector();
    await collect(collector.collectByTerms(QUERY, { runId: "slow" }));
    expect(sleeps).toEqual([5000, 10000].map((ms) => ms * 0.75)); // equal jitter with random() = 0.5
  });

  const failed: [string, number, string, new (...args: never[]) => Error, string][] = [
    [
      "a 400 invalid_params naming the query",
      400,
      apiError("invalid_params", "Invalid field_name: keywords"),
      ConfigError,
      "config",
    ],
    [
      "scope_not_authorized",
      401,
      apiError("scope_not_authorized", "The project is not authorized"),
      AuthError,
      "auth",
    ],
    [
      "scope_permission_missed",
      400,
      apiError("scope_permission_missed", "fields need scopes"),
      ConfigError,
      "config",
    ],
    ["an OK status with an HTML body", 200, "<html>maintenance</html>", DataError, "data"],
    ["an unknown status", 418, "teapot", UpstreamError, "upstream"],
  ];
  for (const [name, status, body, type, failureType] of failed) {
    it(`fails on ${name} without retrying`, async () => {
      tokenScope();
      nock(BASE).post(PATH).query(true).reply(status, body);
      const { collector } = testCollector();
      const { error } = await collect(collector.collectByTerms(QUERY, { runId: name }));
      expect(error).toBeInstanceOf(type);
      expect((error as { failureType: string }).failureType).toBe(failureType);
      expect(collector.stats.requests).toBe(1);
    });
  }

  it("rejects an envelope whose data breaks the contract as a data error", async () => {
    tokenScope();
    nock(BASE)
      .post(PATH)
      .query(true)
      .reply(200, JSON.stringify({ data: { videos: "nope", has_more: 3 }, error: { code: "ok" } }));
    const { collector } = testCollector();
    const { error } = await collect(collector.collectByTerms(QUERY, { runId: "envelope" }));
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/videos/);
  });

  it("gives up after maxAttempts with a transient error, never an endless loop", async () => {
    tokenScope();
    nock(BASE)
      .post(PATH)
      .query(true)
      .times(3)
      .reply(500, apiError("internal_error", "Server Internal Error"));
    const { collector } = testCollector({ retry: { maxAttempts: 3 } });
    const { error } = await collect(collector.collectByTerms(QUERY, { runId: "exhaust" }));
    // One day cannot be split: the window is given up and the run says it is incomplete.
    expect((error as { failureType: string }).failureType).toBe("upstream");
    expect((error as Error).message).toMatch(/given up/);
    expect(collector.stats.requests).toBe(3);
    expect(TransientError).toBeDefined();
  });
});

describe("invalid videos are skipped and counted, never yielded", () => {
  const bad: [string, Record<string, unknown>][] = [
    ["a negative count", { share_count: -1 }],
    ["a fractional count", { like_count: 1.5 }],
    ["a count beyond 2^53", { view_count: "18446744073709551615" }],
    ["a negative ID", { id: "-1" }],
  ];
  for (const [name, patch] of bad) {
    it(name, async () => {
      tokenScope();
      const { id, ...rest } = { ...video(2, "2026-09-01"), ...patch };
      const body = rawVideoPage([video(1, "2026-09-01")], { cursor: 2, hasMore: false }).replace(
        '"videos":[',
        `"videos":[{"id":${id},${JSON.stringify(rest).slice(1)},`,
      );
      nock(BASE).post(PATH).query(true).reply(200, body);
      const { collector } = testCollector();
      let skipped = 0;
      const { items, error } = await collect(
        collector.collectByTerms(QUERY, { runId: name, onProgress: (p) => (skipped = p.skipped) }),
      );
      expect(error).toBeUndefined();
      expect(items.map((r) => r.platform_id)).toEqual(["7301234567890000001"]);
      expect(skipped).toBe(1);
    });
  }
});
