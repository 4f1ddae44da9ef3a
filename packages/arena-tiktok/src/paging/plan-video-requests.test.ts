import { ConfigError } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { planVideoRequests } from "./plan-video-requests.js";

describe("planVideoRequests", () => {
  it("plans one first request per partition × window, as the collector sends it", () => {
    const plan = planVideoRequests({
      terms: ["klima", "#DKpol"],
      termGroups: [["afgift", "co2"]],
      since: "2026-09-01",
      until: "2026-09-15",
      regions: ["DK"],
    });
    expect(plan.map((p) => [p.label, p.body.start_date, p.body.end_date])).toEqual([
      ["terms", "20260901", "20260908"],
      ["terms", "20260908", "20260915"],
      ["group:afgift+co2", "20260901", "20260908"],
      ["group:afgift+co2", "20260908", "20260915"],
    ]);
    const first = plan[0]!.body;
    expect(first.max_count).toBe(100);
    expect(first.cursor).toBeUndefined();
    expect(first.search_id).toBeUndefined();
    expect(first.query.and).toEqual([
      { operation: "EQ", field_name: "region_code", field_values: ["DK"] },
      { operation: "LT", field_name: "create_date", field_values: ["20260908"] },
    ]);
    expect(first.query.or).toEqual([
      { operation: "EQ", field_name: "keyword", field_values: ["klima"] },
      { operation: "EQ", field_name: "hashtag_name", field_values: ["dkpol"] },
    ]);
  });

  it("follows windowDays, maxCount and dateGuard", () => {
    const plan = planVideoRequests(
      { terms: ["klima"], since: "2026-09-01", until: "2026-09-11" },
      { windowDays: 3, maxCount: 20, dateGuard: false },
    );
    expect(plan.map((p) => [p.body.start_date, p.body.end_date])).toEqual([
      ["20260901", "20260903"],
      ["20260904", "20260906"],
      ["20260907", "20260909"],
      ["20260910", "20260910"],
    ]);
    expect(plan.every((p) => p.body.max_count === 20 && !p.body.query.and)).toBe(true);
    expect(plan.at(-1)!.until.toISOString()).toBe("2026-09-11T00:00:00.000Z");
  });

  it("rejects bad input with the collector's ConfigError naming the field", () => {
    expect(() => planVideoRequests({ terms: [], since: "2026-09-01", until: "2026-09-11" })).toThrow(
      ConfigError,
    );
    expect(() => planVideoRequests({ terms: ["x"], since: "2026-09-11", until: "2026-09-01" })).toThrow(
      /since/,
    );
  });
});
