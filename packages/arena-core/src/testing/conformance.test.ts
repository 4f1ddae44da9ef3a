// The conformance suite run against the smallest arena that satisfies it (the README shows the same
// arena): posts of an in-memory "platform", served in pages of 3, with a checkpoint after every page.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ArenaCollector,
  CollectionAbortedError,
  type ContentRecord,
  contentHash,
  MemoryCheckpointStore,
  parseActorsQuery,
  parseTermsQuery,
} from "../index.js";
import { describeArenaCollector } from "./conformance.js";

interface Post {
  id: string;
  author: string;
  text: string;
  at: string;
}

function createExampleArena(posts: Post[], pageSize = 3) {
  const checkpoints = new MemoryCheckpointStore();
  const now = () => new Date().toISOString();
  let requests = 0;
  const toRecord = (p: Post): ContentRecord => ({
    ...{ platform: "example", arena: "social_media", platform_id: p.id, content_type: "post", url: null },
    ...{ text_content: p.text, title: null, language: null, published_at: p.at, collected_at: now() },
    ...{ author_platform_id: null, author_display_name: null, pseudonymized_author_id: null },
    ...{ views_count: null, likes_count: null, shares_count: null, comments_count: null, media_urls: [] },
    ...{ engagement_score: null, raw_metadata: {}, content_hash: contentHash(p.text) },
    ...{ search_terms_matched: [], collection_tier: "free" },
  });
  async function* paged(found: Post[], runId: string, signal?: AbortSignal) {
    let checkpoint = await checkpoints.get(runId, "all");
    let page = checkpoint?.pages ?? 0;
    while (!checkpoint?.done) {
      if (signal?.aborted) throw new CollectionAbortedError();
      requests++; // one "request" to the platform per page
      for (const post of found.slice(page * pageSize, ++page * pageSize)) yield toRecord(post);
      const done = page * pageSize >= found.length;
      checkpoint = { runId, partition: "all", done, pages: page, records: 0, updatedAt: now() };
      await checkpoints.put(checkpoint); // after the page was consumed, before the next request
    }
  }
  const inWindow = (p: Post, q: { since: Date; until: Date }) =>
    p.at >= q.since.toISOString() && p.at < q.until.toISOString();
  const collector: ArenaCollector = {
    platform: "example",
    arena: "social_media",
    supportedTiers: ["free"],
    collectByTerms(input, options = {}) {
      const q = parseTermsQuery(input); // a bad query is a ConfigError, before any request
      const found = posts.filter((p) => inWindow(p, q) && (q.terms ?? []).some((t) => p.text.includes(t)));
      return paged(found, options.runId ?? "terms", options.signal);
    },
    collectByActors(input, options = {}) {
      const q = parseActorsQuery(input);
      const found = posts.filter((p) => inWindow(p, q) && q.actors.includes(p.author));
      return paged(found, options.runId ?? "actors", options.signal);
    },
    healthCheck: async () => ({ status: "ok", detail: "in memory", checkedAt: now() }),
    estimateCost: async () => ({
      ...{ requests: { min: 1, expected: 3, max: 3 }, records: { expected: posts.length }, quotaDays: 0 },
      ...{ money: { free: 0 }, basis: "partitions", partitions: 1, windows: 1, notes: [] },
    }),
  };
  return { collector, requests: () => requests };
}

const posts: Post[] = Array.from({ length: 8 }, (_, i) => ({
  id: String(7_300_000_000_000_000_000n + BigInt(i)),
  author: i % 2 ? "drnyheder" : "tv2",
  text: `klima opslag nummer ${i}`,
  at: `2026-09-0${1 + (i % 5)}T12:00:00.000Z`,
}));

describeArenaCollector("example (in memory)", async () => {
  const arena = createExampleArena(posts);
  return {
    collector: arena.collector,
    termsQuery: { terms: ["klima"], since: "2026-09-01", until: "2026-09-08" },
    actorsQuery: { actors: ["@DRNyheder"], since: "2026-09-01", until: "2026-09-08" },
    requests: arena.requests,
  };
});

describeArenaCollector("example without an actors query", async () => {
  const arena = createExampleArena(posts, 2);
  return {
    collector: arena.collector,
    termsQuery: { terms: ["opslag"], since: "2026-09-01", until: "2026-09-08" },
    requests: arena.requests,
  };
});

describe("the example arena itself", () => {
  it("pages by 3 and resumes after the last finished page", async () => {
    const { collector, requests } = createExampleArena(posts);
    const query = { terms: ["klima"], since: "2026-09-01", until: "2026-09-08" };
    const first: string[] = [];
    for await (const r of collector.collectByTerms(query, { runId: "r" })) {
      first.push(r.platform_id);
      if (first.length === 4) break; // the first record of page 2
    }
    const rest: string[] = [];
    for await (const r of collector.collectByTerms(query, { runId: "r" })) rest.push(r.platform_id);
    expect(requests()).toBe(2 + 2);
    expect(rest).toEqual(posts.slice(3).map((p) => p.id));
  });
});

describe("the README", () => {
  it("shows this example arena verbatim", () => {
    const block = (text: string) => /^function createExampleArena[\s\S]*?^}$/m.exec(text)?.[0];
    const here = block(readFileSync(new URL(import.meta.url), "utf8"));
    const readme = block(readFileSync(new URL("../../README.md", import.meta.url), "utf8"));
    expect(here).toBeDefined();
    expect(readme).toBe(here);
  });
});
