import { AuthError, IncompleteCollectionError, QuotaExhaustedError } from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall, okEnvelope, parsedBodies } from "../test-support/list-fixtures.js";
import { apiError, collect, testCollector, tokenScope } from "../test-support/nock-api.js";

guardNock(nock);

const PATH = "/v2/research/adlib/ad/query/";
const AD = "7301234567890123457";
const BIZ = "7100000000000000001";
const rawAd = (id: string) =>
  `{"ad":{"id":${id},"first_shown_date":20240102,"last_shown_date":20240110,"status":"active",` +
  `"videos":[{"url":"https://cdn.example/v.mp4"}],"image_urls":["https://cdn.example/i.jpg"],"reach":{"unique_users_seen":"30K"}},` +
  `"advertiser":{"business_id":${BIZ},"business_name":"Hygge ApS","paid_for_by":"Hygge ApS"}}`;
const adPage = (ids: string[], hasMore: boolean, searchId?: string) =>
  okEnvelope(
    `{"ads":[${ids.map(rawAd).join(",")}],"has_more":${hasMore}${searchId ? `,"search_id":"${searchId}"` : ""}}`,
  );
const QUERY = { since: "2024-01-01", until: "2024-01-31", advertiserIds: [BIZ] };

describe("ads (adlib/ad/query/)", () => {
  it("sends int64 IDs as bare integers, every documented field, and pages by search_id until has_more is false", async () => {
    const raw: string[] = [];
    const fields: (string | undefined)[] = [];
    tokenScope();
    apiCall(PATH, raw, fields).reply(200, adPage([AD], true, "s-1"));
    apiCall(PATH, raw, fields).reply(200, adPage(["7301234567890123458"], false, "s-2"));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.ads(QUERY, { runId: "ads" }));
    expect(error).toBeUndefined();
    expect(raw[0]).toContain(`"advertiser_business_ids":[${BIZ}]`);
    expect(parsedBodies(raw).map((b) => b.search_id)).toEqual([undefined, "s-1"]);
    expect(parsedBodies(raw)[0]).toMatchObject({
      filters: { ad_published_date_range: { min: "20240101", max: "20240131" }, country_code: "ALL" },
      max_count: 50,
    });
    expect(fields[0]?.split(",")).toContain("advertiser.paid_for_by");
    expect(items.map((r) => r.platform_id)).toEqual([AD, "7301234567890123458"]);
    expect(items[0]).toMatchObject({
      content_type: "ad",
      author_platform_id: BIZ,
      media_urls: ["https://cdn.example/v.mp4", "https://cdn.example/i.jpg"],
      published_at: "2024-01-02T00:00:00.000Z",
      raw_metadata: expect.objectContaining({
        search_id: "s-1",
        last_shown_date: "20240110",
        paid_for_by: "Hygge ApS",
      }),
    });
  });

  it("has_more without a search_id is a stuck cursor after the page's records, not an endless loop", async () => {
    tokenScope();
    apiCall(PATH, []).reply(200, adPage([AD], true));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.ads(QUERY));
    expect(items.map((r) => r.platform_id)).toEqual([AD]);
    expect(error).toBeInstanceOf(IncompleteCollectionError);
    expect((error as IncompleteCollectionError).givenUp).toHaveLength(1);
    expect(collector.stats.requests).toBe(1);
  });

  it("a missing research.adlib.basic scope is an AuthError; a 429 pauses with the research pool named", async () => {
    tokenScope(2);
    apiCall(PATH, []).reply(
      401,
      apiError("scope_not_authorized", "The scope research.adlib.basic is not authorized"),
    );
    const first = await collect(testCollector().collector.ads(QUERY));
    expect(first.error).toBeInstanceOf(AuthError);
    apiCall(PATH, []).reply(429, apiError("rate_limit_exceeded", "quota"));
    const second = await collect(testCollector().collector.ads(QUERY));
    expect(second.error).toBeInstanceOf(QuotaExhaustedError);
    expect((second.error as QuotaExhaustedError).pool).toBe("research");
  });

  it("an invalid ad is skipped and counted, the page's valid ads kept", async () => {
    tokenScope();
    apiCall(PATH, []).reply(200, okEnvelope(`{"ads":[${rawAd(AD)},{"ad":{"status":"x"}}],"has_more":false}`));
    const { collector } = testCollector();
    const { items, error } = await collect(collector.ads(QUERY));
    expect(error).toBeUndefined();
    expect(items.map((r) => r.platform_id)).toEqual([AD]);
  });
});

describe("ad detail and shops (no cursor), products (page_start)", () => {
  it("ad detail sends ad_id as a bare int64 and reads the one object in data", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall("/v2/research/adlib/ad/detail/", raw).reply(
      200,
      okEnvelope(
        `{"ad":{"id":${AD},"title":"Kaffe tilbud"},"advertiser":{"business_id":${BIZ}},"ad_group":{"targeting_info":{"country":["DK"]}}}`,
      ),
    );
    const { collector } = testCollector();
    const { items } = await collect(collector.adDetails(AD));
    expect(raw[0]).toBe(`{"ad_id":${AD}}`);
    expect(items[0]).toMatchObject({
      platform_id: AD,
      title: "Kaffe tilbud",
      raw_metadata: expect.objectContaining({ ad_group: { targeting_info: { country: ["DK"] } } }),
    });
  });

  it("products: page_start counts from 1; a page's has_more, when sent, ends paging", async () => {
    const raw: string[] = [];
    const product = (n: number) =>
      `{"product_id":${7400000000000000000n + BigInt(n)},"product_name":"P${n}","product_price":[{"price":"9.99"}]}`;
    tokenScope();
    apiCall("/v2/research/tts/product/", raw).reply(
      200,
      okEnvelope(`{"product_data":[${[1, 2].map(product).join(",")}],"has_more":true}`),
    );
    apiCall("/v2/research/tts/product/", raw).reply(
      200,
      okEnvelope(`{"product_data":[${product(3)}],"has_more":false}`),
    );
    const { collector } = testCollector();
    const { items } = await collect(collector.shopProducts("7495177166735509999"));
    expect(parsedBodies(raw).map((b) => [b.page_start, b.page_size, b.shop_id])).toEqual([
      [1, 10, "7495177166735509999"],
      [2, 10, "7495177166735509999"],
    ]);
    expect(items.map((r) => r.platform_id)).toEqual([
      "7400000000000000001",
      "7400000000000000002",
      "7400000000000000003",
    ]);
  });
});
