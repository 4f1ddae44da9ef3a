import { ConfigError } from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall } from "../test-support/list-fixtures.js";
import { rawVideoPage, testCollector, tokenScope } from "../test-support/nock-api.js";
import { planRefreshRequests } from "./plan-refresh-requests.js";

guardNock(nock);

const PATH = "/v2/research/video/query/";

describe("planRefreshRequests (refresh --dry-run)", () => {
  it("plans byte for byte the requests refreshEngagement sends: batches of ≤ 100 IDs, dates covering them", async () => {
    // 150 bare IDs uploaded the same day (two batches) and one published a month later (a third).
    const bare = Array.from({ length: 150 }, (_, i) => `75750000000000${String(10000 + i)}`);
    const later = { id: "7600000000000000001", publishedAt: Date.parse("2026-10-20T12:00:00Z") };
    const { collector, clock } = testCollector();
    const planned = planRefreshRequests([...bare, later, bare[0]!], clock.now());
    expect(planned.map((p) => p.partition)).toEqual([
      "refresh:1 (100 IDs)",
      "refresh:2 (50 IDs)",
      "refresh:3 (1 IDs)",
    ]);
    expect(planned[0]).toMatchObject({ endpoint: "video/query/", fields: expect.stringContaining("id,") });
    // IDs stay exact strings in the body (never numbers).
    expect(planned[0]!.body).toContain(`"field_values":["${bare[0]}",`);

    tokenScope();
    const raw: string[] = [];
    for (let i = 0; i < 3; i++)
      apiCall(PATH, raw).reply(200, rawVideoPage([], { cursor: 0, hasMore: false }));
    const result = await collector.refreshEngagement(
      [
        ...bare,
        // refreshEngagement takes the publication time from a record; the plan from `publishedAt`.
        later.id,
      ],
      {
        earlierRecords: {
          publishedAt: (id) => (id === later.id ? later.publishedAt : undefined),
          read: async () => new Map(),
        },
      },
    );
    expect(result.requests).toBe(3);
    expect(raw).toEqual(planned.map((p) => p.body));
  });

  it("refuses an ID that is not a decimal integer string, naming its position", () => {
    expect(() => planRefreshRequests(["7412345678901234567", "7.4e18"])).toThrow(ConfigError);
    expect(() => planRefreshRequests([{ id: "abc" }])).toThrow(/videos\.0\.id/);
  });
});
