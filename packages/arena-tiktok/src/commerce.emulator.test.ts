// The Commercial Content API, TikTok Shop and batch compliance against the local emulator: complete,
// exact sets (64-bit IDs as strings), paging by search_id and by page, caps, outcomes and errors.
import { contentRecordSchema, QuotaExhaustedError } from "@observatory/arena-core";
import { commerceOf, type Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ComplianceResultsUndocumentedError } from "./compliance/batch-compliance.js";
import { emulatorCollector, startTestEmulator } from "./test-support/emulator-harness.js";
import { secretScan } from "./test-support/secret-scan.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const commerce = () => commerceOf(emulator.corpus);

async function drain<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item);
  } catch (error) {
    secretScan.watchError(error);
    throw error;
  }
  return items;
}

describe("the Commercial Content API against the emulator", () => {
  it("ads: every ad of the range, search_id paging at 50 a page, exact IDs, valid UCR records", async () => {
    const expected = commerce().ads.filter((a) => a.firstShown >= "20240101" && a.firstShown <= "20251231");
    expect(expected.length).toBeGreaterThan(100);
    const { collector } = emulatorCollector(emulator);
    const stream = collector.ads({ since: "2024-01-01", until: "2025-12-31" }, { runId: "ads" });
    const records = await drain(stream);
    expect(records.map((r) => r.platform_id).sort()).toEqual(expected.map((a) => a.id).sort());
    expect(collector.stats.requests).toBe(Math.ceil(expected.length / 50));
    const first = records.find((r) => r.platform_id === expected[0]?.id);
    expect(first).toMatchObject({
      content_type: "ad",
      author_platform_id: expected[0]?.advertiser.businessId,
      author_display_name: expected[0]?.advertiser.name,
      pseudonymized_author_id: null,
      published_at: `${expected[0]?.firstShown.slice(0, 4)}-${expected[0]?.firstShown.slice(4, 6)}-${expected[0]?.firstShown.slice(6, 8)}T00:00:00.000Z`,
      raw_metadata: expect.objectContaining({
        source_endpoint: "adlib/ad/query/",
        record_kind: "ad",
        status: expected[0]?.status,
      }),
    });
    expect(BigInt(first?.platform_id ?? "0")).toBeGreaterThan(2n ** 53n);
    for (const record of records) expect(contentRecordSchema.safeParse(record).success).toBe(true);
    expect(stream.report.outcomes).toEqual([{ target: "query", status: "ok", records: expected.length }]);
  });

  it("ads: a run stopped after its first page resumes from the saved search_id: every ad once, no page twice", async () => {
    const expected = commerce().ads.filter((a) => a.firstShown >= "20230101" && a.firstShown <= "20261231");
    const { collector, checkpoints } = emulatorCollector(emulator);
    const stop = new AbortController();
    const first: string[] = [];
    const query = { since: "2023-01-01", until: "2026-12-31" };
    await expect(
      (async () => {
        for await (const r of collector.ads(query, { runId: "ads-resume", signal: stop.signal })) {
          first.push(r.platform_id);
          if (first.length === 50) stop.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: "aborted" });
    const again = emulatorCollector(emulator, { checkpoints });
    const rest = await drain(again.collector.ads(query, { runId: "ads-resume" }));
    const all = [...first, ...rest.map((r) => r.platform_id)];
    expect(all.sort()).toEqual(expected.map((a) => a.id).sort());
    expect(again.collector.stats.requests).toBe(Math.ceil(expected.length / 50) - 1);
  });

  it("the same switchable faults: 500s, HTML 504s and resets are retried, the set stays exact", async () => {
    const faulty = await startTestEmulator({
      faults: { internalErrorRate: 0.2, gatewayTimeoutRate: 0.1, connectionResetRate: 0.1, faultSeed: 3 },
    });
    try {
      const expected = commerceOf(faulty.corpus).ads.filter((a) => a.firstShown >= "20240101");
      const { collector } = emulatorCollector(faulty);
      const records = await drain(collector.ads({ since: "2024-01-01", until: "2026-12-31" }));
      expect(records.map((r) => r.platform_id).sort()).toEqual(expected.map((a) => a.id).sort());
      expect(collector.stats.retries).toBeGreaterThan(0);
    } finally {
      await faulty.close();
    }
  });

  it("ads: a country and a search term filter; maxResults caps the records and the last page's max_count", async () => {
    const { collector } = emulatorCollector(emulator);
    const records = await drain(
      collector.ads({ since: "2022-10-01", until: "2026-12-31", country: "dk", maxResults: 7 }),
    );
    expect(records).toHaveLength(7);
    expect(collector.stats.requests).toBe(1);
    for (const r of records) {
      const ad = commerce().adsById.get(r.platform_id);
      expect(ad?.countries).toContain("DK");
    }
  });

  it("ad detail: every detail field (title, targeting); an unknown ad is a not_found outcome, not an error", async () => {
    const ad = commerce().ads[3]!;
    const { collector } = emulatorCollector(emulator);
    const stream = collector.adDetails([ad.id, "1234567890123456789"]);
    const records = await drain(stream);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      platform_id: ad.id,
      title: ad.title,
      text_content: ad.title,
      raw_metadata: expect.objectContaining({
        ad_group: { targeting_info: expect.objectContaining({ country: [...ad.countries] }) },
      }),
    });
    expect(stream.report.outcomes).toEqual([
      { target: ad.id, status: "ok", records: 1 },
      expect.objectContaining({ target: "1234567890123456789", status: "not_found", records: 0 }),
    ]);
  });

  it("ad report: the count per country and day, kept whole", async () => {
    const { collector } = emulatorCollector(emulator);
    const result = await collector.adReport({ since: "2023-01-01", until: "2023-03-31", country: "DK" });
    const series = result.report.count_time_series_by_country as Record<
      string,
      { date: string; count: number }[]
    >;
    const expected = commerce().ads.filter(
      (a) => a.firstShown >= "20230101" && a.firstShown <= "20230331" && a.countries.includes("DK"),
    ).length;
    expect(Object.keys(series)).toEqual(expected ? ["DK"] : []);
    expect((series.DK ?? []).reduce((n, d) => n + d.count, 0)).toBe(expected);
  });

  it("advertisers: one request per term; business IDs exact", async () => {
    const name = commerce().advertisers[0]!.name.split(" ")[0]!;
    const expected = commerce().advertisers.filter((a) => a.name.toLowerCase().includes(name.toLowerCase()));
    const { collector } = emulatorCollector(emulator);
    const records = await drain(collector.advertisers([name]));
    expect(records.map((r) => r.platform_id).sort()).toEqual(
      expected
        .slice(0, 50)
        .map((a) => a.businessId)
        .sort(),
    );
    expect(records[0]).toMatchObject({ content_type: "advertiser", published_at: null });
  });

  it("commercial content: creators pseudonymised, brands kept, filtered by creator country", async () => {
    const expected = commerce().commercial.filter((c) => c.creatorCountry === "DK");
    const { collector } = emulatorCollector(emulator);
    const records = await drain(
      collector.commercialContent({ since: "2022-10-01", until: "2026-12-31", creatorCountry: "DK" }),
    );
    expect(records.map((r) => r.platform_id).sort()).toEqual(expected.map((c) => c.id).sort());
    const record = records[0]!;
    const source = expected.find((c) => c.id === record.platform_id)!;
    expect(record).toMatchObject({ content_type: "commercial_content", author_platform_id: null });
    expect(record.pseudonymized_author_id).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(source.creator);
    expect(record.raw_metadata.brand_names).toEqual(source.brands);
  });

  it("a bad query is a ConfigError naming the field before any request", async () => {
    const { collector } = emulatorCollector(emulator);
    await expect(drain(collector.ads({ since: "2021-01-01", until: "2021-02-01" }))).rejects.toMatchObject({
      failureType: "config",
      field: "since",
    });
    await expect(
      drain(collector.ads({ since: "2024-01-01", until: "2024-02-01", searchTerm: "x".repeat(51) })),
    ).rejects.toMatchObject({
      field: "searchTerm",
    });
    expect(collector.stats.requests).toBe(0);
  });
});

describe("TikTok Shop against the emulator", () => {
  it("shops by name; products of a shop page by page (page_size 10, no has_more: a short page ends)", async () => {
    const shop = commerce().shops.find((s) => s.products.length > 12)!;
    const { collector } = emulatorCollector(emulator);
    const shops = await drain(collector.shops([shop.name]));
    expect(shops.map((r) => r.platform_id)).toContain(shop.id);
    expect(shops.find((r) => r.platform_id === shop.id)).toMatchObject({
      content_type: "shop",
      title: shop.name,
      raw_metadata: expect.objectContaining({ shop_rating: shop.rating, item_sold_count: shop.soldCount }),
    });
    const before = collector.stats.requests;
    const stream = collector.shopProducts([shop.id]);
    const products = await drain(stream);
    expect(products.map((r) => r.platform_id).sort()).toEqual(shop.products.map((p) => p.id).sort());
    expect(collector.stats.requests - before).toBe(Math.floor(shop.products.length / 10) + 1);
    expect(products[0]).toMatchObject({ content_type: "shop_product", author_platform_id: shop.id });
    expect(stream.report.outcomes).toEqual([
      { target: shop.id, status: "ok", records: shop.products.length },
    ]);
  });

  it("reviews: every review, reviewers pseudonymised, stable derived IDs; an unknown product is an outcome", async () => {
    const product = [...commerce().productsById.values()].find((p) => p.reviews.length > 10)!;
    const { collector } = emulatorCollector(emulator);
    const stream = collector.productReviews([product.id, "1999999999999999999"]);
    const reviews = await drain(stream);
    expect(reviews).toHaveLength(
      new Set(product.reviews.map((r) => `${r.createTime}|${r.displayName}|${r.text}`)).size,
    );
    for (const r of reviews) {
      expect(r.platform_id).toMatch(new RegExp(`^${product.id}-[0-9a-f]{16}$`));
      expect(r.author_display_name).toBeNull();
      expect(r.pseudonymized_author_id).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(JSON.stringify(reviews)).not.toContain(product.reviews[0]!.displayName);
    const again = await drain(emulatorCollector(emulator).collector.productReviews([product.id]));
    expect(again.map((r) => r.platform_id).sort()).toEqual(reviews.map((r) => r.platform_id).sort());
    expect(stream.report.outcomes[1]).toMatchObject({ target: "1999999999999999999", status: "not_found" });
  });
});

describe("batch compliance against the emulator", () => {
  it("uploads the IDs as a form-data file and gets an exact task ID; its status is kept whole; results are a typed error", async () => {
    const ids = emulator.corpus.videos.slice(0, 25).map((v) => v.id);
    const { collector } = emulatorCollector(emulator);
    const task = await collector.createComplianceTask(ids, "video");
    expect(task).toMatchObject({ category: "video", ids: 25 });
    expect(task.taskId).toMatch(/^\d{19}$/);
    const status = await collector.complianceTaskStatus(task.taskId);
    expect(status).toMatchObject({ taskId: task.taskId, status: null, raw: { task_id: task.taskId } });
    expect(() => collector.complianceResults(task.taskId)).toThrow(ComplianceResultsUndocumentedError);
    await expect(collector.complianceTaskStatus("123")).rejects.toMatchObject({ failureType: "config" });
  });

  it("refuses more than 10,000 IDs before sending anything", async () => {
    const { collector } = emulatorCollector(emulator);
    const ids = Array.from({ length: 10_001 }, (_, i) => String(7_300_000_000_000_000_000n + BigInt(i)));
    await expect(collector.createComplianceTask(ids, "comment")).rejects.toMatchObject({
      failureType: "config",
      field: "ids",
    });
    expect(collector.stats.requests).toBe(0);
  });

  it("the research pool pays for the new endpoints: a spent pool pauses them like any other", async () => {
    const spent = await startTestEmulator({ quota: { research: { requests: 1 } } });
    try {
      const { collector } = emulatorCollector(spent);
      await drain(collector.shops(["Nordic"]));
      await expect(drain(collector.shops(["Hygge"]))).rejects.toBeInstanceOf(QuotaExhaustedError);
    } finally {
      await spent.close();
    }
  });
});
