import {
  ConfigError,
  IncompleteCollectionError,
  ManualClock,
  MemoryCheckpointStore,
  QuotaExhaustedError,
} from "@observatory/arena-core";
import { drain } from "@observatory/arena-core/testing";
import { describe, expect, it } from "vitest";
import { createExampleCollector } from "./collector.js";
import { FakeExampleApi, samplePosts } from "./testing/fake-api.js";

const QUERY = { terms: ["klima"], since: "2026-09-01", until: "2026-09-15" };
const POSTS = samplePosts("2026-09-01", 14, 12);
const KLIMA = POSTS.filter((p) => p.text.startsWith("Klima")).map((p) => p.id);

function setup(api = new FakeExampleApi(POSTS), checkpoints = new MemoryCheckpointStore()) {
  const collector = createExampleCollector({
    apiKey: api.apiKey,
    pseudonymSalt: "a-salt-of-at-least-16",
    fetch: api.fetch,
    clock: new ManualClock("2026-11-01T00:00:00Z"),
    sleep: async () => {},
    pageSize: 10,
    checkpoints,
  });
  return { api, collector, checkpoints };
}

describe("the template arena", () => {
  it("collects every matching post once, as valid records with exact IDs, one request per page", async () => {
    const { api, collector } = setup();
    const { items, error } = await drain(collector.collectByTerms(QUERY, { runId: "all" }));
    expect(error).toBeUndefined();
    expect(items.map((r) => r.platform_id).sort()).toEqual([...KLIMA].sort());
    expect(items[0]).toMatchObject({
      platform: "example",
      content_type: "post",
      search_terms_matched: ["klima"],
    });
    expect(items[0]?.pseudonymized_author_id).toMatch(/^[0-9a-f]{64}$/);
    // 56 posts over two 7-day windows of 28: 3 pages each.
    expect(api.requests).toBe(6);
  });

  it("retries a 5xx; a window that keeps failing is split, and nothing is lost", async () => {
    const api = new FakeExampleApi(POSTS).fail({ status: 503, times: 4 });
    const { collector } = setup(api);
    const { items, error } = await drain(collector.collectByTerms(QUERY, { runId: "split" }));
    expect(error).toBeUndefined();
    expect(items.map((r) => r.platform_id).sort()).toEqual([...KLIMA].sort());
  });

  it("an unknown author is skipped (verdict skip-target); the others are collected", async () => {
    const { collector } = setup();
    const query = { actors: ["nobody", "anna"], since: "2026-09-01", until: "2026-09-08" };
    const { items, error } = await drain(collector.collectByActors(query, { runId: "actors" }));
    expect(error).toBeUndefined();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.search_terms_matched[0] === "@anna")).toBe(true);
  });

  it("a 429 pauses the run with its checkpoints; the same runId resumes and loses nothing", async () => {
    const api = new FakeExampleApi(POSTS);
    const { collector } = setup(api);
    const first = await drain(collector.collectByTerms(QUERY, { runId: "quota" }), { limit: 12 });
    api.fail({ status: 429, times: 1 });
    const paused = await drain(collector.collectByTerms(QUERY, { runId: "quota" }));
    expect(paused.error).toBeInstanceOf(QuotaExhaustedError);
    const rest = await drain(collector.collectByTerms(QUERY, { runId: "quota" }));
    expect(rest.error).toBeUndefined();
    const all = new Set([...first.items, ...paused.items, ...rest.items].map((r) => r.platform_id));
    expect([...all].sort()).toEqual([...KLIMA].sort());
  });

  it("a server that keeps failing on a one-day window gives it up: the run ends incomplete", async () => {
    const api = new FakeExampleApi(POSTS).fail({ status: 500, times: 1000 });
    const { collector } = setup(api);
    const query = { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" };
    const { error } = await drain(collector.collectByTerms(query, { runId: "down" }));
    expect(error).toBeInstanceOf(IncompleteCollectionError);
  });

  it("refuses bad options and queries with a ConfigError naming the field", async () => {
    expect(() => createExampleCollector({ apiKey: "x", pseudonymSalt: "a-salt-of-at-least-16" })).toThrow(
      ConfigError,
    );
    const { collector } = setup();
    const { error } = await drain(
      collector.collectByTerms({ terms: [], since: "2026-09-02", until: "2026-09-01" }),
    );
    expect(error).toBeInstanceOf(ConfigError);
  });

  it("never logs or keeps the API key", async () => {
    const { collector, checkpoints } = setup(new FakeExampleApi(POSTS).fail({ status: 503, times: 2 }));
    await drain(collector.collectByTerms(QUERY, { runId: "secret" }));
    expect(JSON.stringify(await checkpoints.list("secret"))).not.toContain("test-key-123");
  });
});
