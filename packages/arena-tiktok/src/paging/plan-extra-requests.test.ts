import { describe, expect, it } from "vitest";
import { serializeApiJson } from "../http/lossless-json.js";
import { planExtraRequests } from "./plan-extra-requests.js";

describe("planExtraRequests", () => {
  it("gives the first request of each target as the collector sends it, sending nothing", () => {
    const [ads] = planExtraRequests({
      kind: "ads",
      query: {
        since: "2026-09-01",
        until: "2026-09-30",
        advertiserIds: ["7100000000000000001"],
        maxResults: 20,
      },
    });
    expect(ads).toMatchObject({ endpoint: "adlib/ad/query/", target: "query", next: "search_id" });
    expect(serializeApiJson(ads?.body)).toBe(
      '{"filters":{"ad_published_date_range":{"min":"20260901","max":"20260930"},"country_code":"ALL",' +
        '"advertiser_business_ids":[7100000000000000001]},"max_count":20}',
    );
    const products = planExtraRequests({
      kind: "products",
      shopIds: ["7495177166735509999", "7495177166735500000"],
    });
    expect(products.map((p) => [p.target, p.body.page_start, p.body.page_size, p.next])).toEqual([
      ["7495177166735509999", 1, 10, "page_start"],
      ["7495177166735500000", 1, 10, "page_start"],
    ]);
    const [detail] = planExtraRequests({ kind: "ad-detail", ids: ["1786543210987654321"] });
    expect(serializeApiJson(detail?.body)).toBe('{"ad_id":1786543210987654321}');
    // The text a dry run prints: the same bytes, the ID never a JS number.
    expect(detail?.bodyJson).toBe('{"ad_id":1786543210987654321}');
  });

  it("refuses bad input with the collector's ConfigError naming the field", () => {
    expect(() =>
      planExtraRequests({ kind: "ads", query: { since: "2026-09-01", until: "2026-08-01" } }),
    ).toThrow(/until: until is before since/);
    expect(() => planExtraRequests({ kind: "reviews", productIds: ["abc"] })).toThrow(/productIds/);
  });
});
