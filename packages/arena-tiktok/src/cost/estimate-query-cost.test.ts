import { describe, expect, it } from "vitest";
import type { VideoQuery } from "../query/conditions.js";
import { testCollector } from "../test-support/nock-api.js";
import { recordHistory } from "./estimate-cost.js";
import { queryShape } from "./query-history.js";

const MUSIC: VideoQuery = {
  and: [{ field_name: "music_id", operation: "IN", field_values: ["7234567890123456789"] }],
};
const SHORT: VideoQuery = { and: [{ field_name: "video_length", operation: "EQ", field_values: ["SHORT"] }] };

describe("estimateQueryCost (estimate with condition flags or --query-file)", () => {
  it("counts a request per query × window without history, and reads the history of the same queries", async () => {
    const { collector, checkpoints } = testCollector({ windowDays: 10 });
    const input = {
      queries: [
        { label: "sound", query: MUSIC },
        { label: "short", query: SHORT },
      ],
      since: "2026-09-01",
      until: "2026-10-01",
    };
    const fresh = await collector.estimateQueryCost(input);
    expect(fresh).toMatchObject({ basis: "partitions", partitions: 2, windows: 3 });
    expect(fresh.requests.min).toBe(6);
    expect(fresh.requests.expected).toBe(12); // two pages a window, assumed

    // Earlier runs of the same queries (labels and dates aside): 90 requests over 60 days.
    const shape = queryShape([{ query: MUSIC }, { query: SHORT }]);
    await recordHistory(
      checkpoints,
      { shape, runId: "earlier", days: 60, pages: 80, requests: 90, records: 6000, completed: true },
      "solo@1",
      Date.parse("2026-11-20T00:00:00Z"),
    );
    const known = await collector.estimateQueryCost({
      ...input,
      queries: input.queries.map((q, i) => ({ ...q, label: `q${i}` })),
    });
    expect(known.basis).toBe("history");
    expect(known.requests.expected).toBe(45);
    expect(known.records.expected).toBe(3000);
    // Another query's history is not this one's.
    const other = await collector.estimateQueryCost({
      ...input,
      queries: [{ label: "sound", query: MUSIC }],
    });
    expect(other.basis).toBe("partitions");
  });

  it("names the bad path of an invalid query", async () => {
    const { collector } = testCollector();
    await expect(
      collector.estimateQueryCost({
        queries: [
          {
            label: "x",
            query: { and: [{ field_name: "music_id", operation: "LIKE", field_values: ["1"] }] },
          },
        ],
        since: "2026-09-01",
        until: "2026-10-01",
      } as never),
    ).rejects.toThrow(/queries\.0\.query\.and\.0\.operation/);
  });
});
