import { contentRecordSchema } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { apiCommercialContentSchema } from "../endpoints/adlib.js";
import { parseApiJson } from "../http/lossless-json.js";
import { apiDayToIso, normalizeCommercialContent } from "./adlib-records.js";

const ITEM = apiCommercialContentSchema.parse(
  parseApiJson(
    '{"id":7301234567890123456,"create_timestamp":1789000000,"brand_names":["Nordlys"],' +
      '"creator":{"username":"anna.k"},"videos":[{"url":"https://www.tiktok.com/@anna.k/video/7301234567890123456"}]}',
  ),
);
const context = (plain: boolean) => ({
  collectedAt: Date.parse("2026-11-24T10:00:00Z"),
  tier: "free" as const,
  stored: () => ({ handle: plain ? "anna.k" : "hmac", pseudonymized: !plain, pseudonym: "a".repeat(64) }),
  metadata: { source_endpoint: "adlib/commercial_content/query/" },
});

describe("commercial content records", () => {
  it("keep the creator's handle out of every column and URL unless it is kept plain", () => {
    const hidden = normalizeCommercialContent(ITEM, context(false));
    expect(JSON.stringify(hidden)).not.toContain("anna.k");
    expect(hidden).toMatchObject({
      platform_id: "7301234567890123456",
      url: "https://www.tiktok.com/@/video/7301234567890123456",
      pseudonymized_author_id: "a".repeat(64),
      author_platform_id: null,
      published_at: "2026-09-10T00:26:40.000Z",
    });
    expect(contentRecordSchema.safeParse(hidden).success).toBe(true);
    const plain = normalizeCommercialContent(ITEM, context(true));
    expect(plain).toMatchObject({
      author_platform_id: "anna.k",
      media_urls: [expect.stringContaining("@anna.k/")],
    });
  });

  it("reads YYYYMMDD days as UTC midnight and refuses anything else", () => {
    expect(apiDayToIso("20240229")).toBe("2024-02-29T00:00:00.000Z");
    expect(apiDayToIso("2024-02-29")).toBeNull();
    expect(apiDayToIso(undefined)).toBeNull();
  });
});
