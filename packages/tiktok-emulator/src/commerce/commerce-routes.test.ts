import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../emulator.js";
import { ApiClient, type Loose, TestClock } from "../test-support.js";
import { AD_DETAIL_FIELDS, AD_QUERY_FIELDS, COMMERCIAL_FIELDS } from "./adlib-routes.js";
import { commerceOf } from "./commerce-corpus.js";

const clock = new TestClock();
let emulator: Emulator;
let api: ApiClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 9, clock, quota: { research: { requests: 100_000 } } });
  api = new ApiClient(emulator.url);
  await api.login();
});
afterAll(() => emulator.close());

const commerce = () => commerceOf(emulator.corpus);
const range = { min: "20221001", max: "20261231" };

describe("the Commercial Content API routes", () => {
  it("ad query pages by search_id (max_count ≤ 50) over every ad, ids as bare int64s", async () => {
    const seen: string[] = [];
    let searchId: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const reply = await api.post(
        "adlib/ad/query/",
        {
          filters: { ad_published_date_range: range },
          max_count: 50,
          ...(searchId ? { search_id: searchId } : {}),
        },
        AD_QUERY_FIELDS.join(","),
      );
      expect(reply.status).toBe(200);
      const data = (reply.json as Loose).data;
      expect(data.ads.length).toBeLessThanOrEqual(50);
      for (const entry of data.ads) seen.push(String(entry.ad.id));
      if (!data.has_more) break;
      searchId = data.search_id;
    }
    expect(seen.sort()).toEqual(
      commerce()
        .ads.map((a) => a.id)
        .sort(),
    );
    expect(
      (await api.post("adlib/ad/query/", { filters: { ad_published_date_range: range } }, "ad.id")).text,
    ).toMatch(/"id":\d{16,20}[,}]/);
  });

  it("refuses what the spec refuses: max_count > 50, a min before 2022-10-01, a long term, a foreign search_id, no fields", async () => {
    const post = (body: unknown, fields = "ad.id") => api.post("adlib/ad/query/", body, fields);
    const cases = [
      await post({ filters: { ad_published_date_range: range }, max_count: 51 }),
      await post({ filters: { ad_published_date_range: { min: "20220930", max: "20230101" } } }),
      await post({ filters: { ad_published_date_range: range }, search_term: "x".repeat(51) }),
      await post({ filters: { ad_published_date_range: range }, search_id: "bm9wZQ" }),
      await post({ filters: { ad_published_date_range: range } }, ""),
    ];
    for (const reply of cases) {
      expect(reply.status).toBe(400);
      expect((reply.json as Loose).error.code).toBe("invalid_params");
    }
    expect((cases[3]!.json as Loose).error.message).toMatch(/Search Id .* is invalid or expired/);
  });

  it("ad detail, advertiser query and commercial content answer the documented shapes", async () => {
    const ad = commerce().ads[0]!;
    const detail = await api.post("adlib/ad/detail/", `{"ad_id":${ad.id}}`, AD_DETAIL_FIELDS.join(","));
    expect((detail.json as Loose).data).toMatchObject({
      ad: { title: ad.title, status: ad.status },
      advertiser: { business_name: ad.advertiser.name },
      ad_group: { targeting_info: { country: [...ad.countries] } },
    });
    const unknown = await api.post("adlib/ad/detail/", { ad_id: "1" }, "ad.id");
    expect((unknown.json as Loose).error.message).toContain("cannot find the ad");
    const advertisers = await api.post(
      "adlib/advertiser/query/",
      { search_term: "ApS" },
      "business_id,business_name",
    );
    expect((advertisers.json as Loose).data.advertisers).toHaveLength(10);
    const commercial = await api.post(
      "adlib/commercial_content/query/",
      { filters: { content_published_date_range: range, creator_country_code: "GB" } },
      COMMERCIAL_FIELDS.join(","),
    );
    expect((commercial.json as Loose).error.message).toContain("EEA");
  });
});

describe("the TikTok Shop routes", () => {
  it("shop by name, products and reviews in pages of at most 10 from page 1; fields in the body are honoured", async () => {
    const shop = commerce().shops.find((s) => s.products.length > 10)!;
    const shops = await api.post("tts/shop/", {
      shop_name: shop.name,
      fields: "shop_id,shop_name",
      limit: 10,
    });
    expect((shops.json as Loose).data.shop_data[0]).toEqual({
      shop_id: BigInt(shop.id),
      shop_name: shop.name,
    });
    const second = await api.post(
      "tts/product/",
      { shop_id: shop.id, page_start: 2, page_size: 10 },
      "product_id",
    );
    expect((second.json as Loose).data.product_data.map((p: Loose) => String(p.product_id))).toEqual(
      shop.products.slice(10, 20).map((p) => p.id),
    );
    const tooBig = await api.post("tts/product/", { shop_id: shop.id, page_size: 11 }, "product_id");
    expect(tooBig.status).toBe(400);
    const product = shop.products[0]!;
    const reviews = await api.post(
      "tts/review/",
      { product_id: product.id, page_start: 1, page_size: 5 },
      "review_rating",
    );
    expect((reviews.json as Loose).data.review_data).toEqual(
      product.reviews.slice(0, 5).map((r) => ({ review_rating: r.rating })),
    );
  });
});

describe("the batch compliance routes", () => {
  it("take a form-data file of at most 10,000 IDs and a category, and know the task afterwards", async () => {
    const upload = async (ids: string[], category: string) => {
      const form = new FormData();
      form.append("file_data", new Blob([ids.join("\n")], { type: "text/plain" }), "ids.txt");
      form.append("category", category);
      const res = await fetch(`${emulator.url}/v2/research/validation_task/create/`, {
        method: "POST",
        headers: { authorization: `Bearer ${api.token}` },
        body: form,
      });
      return { status: res.status, text: await res.text() };
    };
    const ok = await upload(["7301234567890123456", "7301234567890123457"], "video");
    expect(ok.status).toBe(200);
    const taskId = /"task_id":(\d+)/.exec(ok.text)?.[1];
    expect(taskId).toMatch(/^\d{19}$/);
    const status = await api.post("validation_task_status/get/", `{"task_id":${taskId}}`);
    expect(status.text).toContain(`"task_id":${taskId}`);
    expect((await upload(["1"], "user")).status).toBe(400);
    const tooMany = await upload(
      Array.from({ length: 10_001 }, (_, i) => String(i + 1)),
      "comment",
    );
    expect(tooMany.text).toContain("10000");
    const json = await api.post("validation_task/create/", { category: "video" });
    expect(json.status).toBe(400);
  });
});
