import type { LanguageDetector } from "@observatory/arena-core";
import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { BASE, collect, rawVideoPage, testCollector, tokenScope, video } from "./test-support/nock-api.js";

const QUERY = { terms: ["klima"], since: "2026-09-01", until: "2026-09-08", regions: ["DK"] };

guardNock(nock, { strict: false });

describe("language detection per collector", () => {
  it("detects each distinct caption once across a collection (repeats are answered from memory)", async () => {
    const seen: string[] = [];
    const detector: LanguageDetector = {
      name: "counting",
      detect: (text) => {
        seen.push(text);
        return { language: "da", confidence: 0.9 };
      },
    };
    const captions = [
      "#fyp",
      "Klimaet er til debat igen",
      "#fyp",
      "#fyp",
      "Klimaet er til debat igen",
      "Hej",
    ];
    tokenScope();
    nock(BASE)
      .post("/v2/research/video/query/")
      .query(true)
      .reply(
        200,
        rawVideoPage(
          captions.map((caption, i) => video(i + 1, "2026-09-02", { video_description: caption })),
          { cursor: 6, hasMore: false, searchId: "7400000000000000001" },
        ),
      );
    const { collector } = testCollector({ languageDetector: detector });
    const { items, error } = await collect(collector.collectByTerms(QUERY, { runId: "memo" }));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(6);
    expect(items.every((r) => r.language === "da" && r.raw_metadata.language_detector === "counting")).toBe(
      true,
    );
    expect(seen).toEqual(["fyp", "Klimaet er til debat igen", "Hej"]);
  });
});
