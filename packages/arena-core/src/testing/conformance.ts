import { describe, expect, it, type TestContext } from "vitest";
import type { ArenaCollector } from "../contract/collector.js";
import type { ActorsQueryInput, TermsQueryInput } from "../contract/queries.js";
import { TIERS } from "../contract/tier.js";
import { ArenaError } from "../errors/arena-error.js";
import { type ContentRecord, contentRecordSchema } from "../record/content-record.js";
import { drain } from "./drain.js";

/** What an arena gives the conformance suite: a collector wired to a fake or emulated platform. */
export interface ConformanceHarness {
  collector: ArenaCollector;
  /** A terms query that yields records over at least two pages (two data requests). */
  termsQuery: TermsQueryInput;
  /** An actors query that yields at least one record. */
  actorsQuery?: ActorsQueryInput;
  /** Data requests sent to the platform so far (token requests excluded). */
  requests(): number;
  close?(): Promise<void>;
}

export interface ConformanceOptions {
  /** Per-test timeout in ms (default 30 s). */
  timeoutMs?: number;
}

/** Every record (or `limit` of them); a failure rejects. */
async function readAll(iterable: AsyncIterable<ContentRecord>, limit?: number): Promise<ContentRecord[]> {
  const { items, error } = await drain(iterable, limit === undefined ? {} : { limit });
  if (error !== undefined) throw error;
  return items;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/**
 * The behaviour every arena must have. Call it from a test file of the arena:
 *
 *     describeArenaCollector("tiktok", async () => ({ collector, termsQuery, requests: () => n }));
 *
 * Each test gets a fresh harness.
 */
export function describeArenaCollector(
  name: string,
  makeHarness: () => Promise<ConformanceHarness>,
  options: ConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;
  const withHarness =
    (fn: (h: ConformanceHarness, ctx: TestContext) => Promise<void>) => async (ctx: TestContext) => {
      const harness = await makeHarness();
      try {
        await fn(harness, ctx);
      } finally {
        await harness.close?.();
      }
    };

  describe(`ArenaCollector conformance: ${name}`, () => {
    it(
      "names its platform, arena and tiers",
      withHarness(async ({ collector }) => {
        expect(collector.platform).toMatch(/^[a-z0-9_]+$/);
        expect(collector.arena).toMatch(/^[a-z0-9_]+$/);
        expect(collector.supportedTiers.length).toBeGreaterThan(0);
        for (const tier of collector.supportedTiers) expect(TIERS).toContain(tier);
      }),
      timeout,
    );

    it(
      "yields records that validate against the UCR, with exact string IDs and no duplicates",
      withHarness(async ({ collector, termsQuery }) => {
        const records = await readAll(collector.collectByTerms(termsQuery, { runId: "conformance-valid" }));
        expect(records.length).toBeGreaterThan(0);
        for (const record of records) {
          const parsed = contentRecordSchema.safeParse(record);
          if (!parsed.success)
            throw new Error(`invalid record ${record.platform_id}: ${parsed.error.message}`);
          expect(record.platform).toBe(collector.platform);
          expect(record.arena).toBe(collector.arena);
          expect(collector.supportedTiers).toContain(record.collection_tier);
          expect(typeof record.platform_id).toBe("string");
        }
        const ids = records.map((r) => r.platform_id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      timeout,
    );

    it(
      "sends no further request after the consumer breaks",
      withHarness(async (h) => {
        const records = await readAll(
          h.collector.collectByTerms(h.termsQuery, { runId: "conformance-break" }),
          1,
        );
        expect(records).toHaveLength(1);
        const atBreak = h.requests();
        await settle();
        expect(h.requests()).toBe(atBreak);
        expect(atBreak).toBeLessThanOrEqual(2);
      }),
      timeout,
    );

    it(
      "stops on an aborted signal with an ArenaError and sends nothing more",
      withHarness(async (h) => {
        const controller = new AbortController();
        const seen: ContentRecord[] = [];
        let caught: unknown;
        try {
          for await (const record of h.collector.collectByTerms(h.termsQuery, {
            runId: "conformance-abort",
            signal: controller.signal,
          })) {
            seen.push(record);
            controller.abort();
          }
        } catch (error) {
          caught = error;
        }
        expect(seen.length).toBeGreaterThan(0);
        expect(caught).toBeInstanceOf(ArenaError);
        const atAbort = h.requests();
        await settle();
        expect(h.requests()).toBe(atAbort);
      }),
      timeout,
    );

    it(
      "resumes the same runId without repeating finished pages, and loses nothing",
      withHarness(async (h) => {
        const before = h.requests();
        const full = await readAll(h.collector.collectByTerms(h.termsQuery, { runId: "conformance-full" }));
        const fullRequests = h.requests() - before;
        expect(fullRequests).toBeGreaterThanOrEqual(2);

        const start = h.requests();
        // Stop at the first record that came with the second request: the first page is finished (and
        // checkpointed), the second has begun. A resume must not fetch the first page again.
        const firstPart: ContentRecord[] = [];
        for await (const record of h.collector.collectByTerms(h.termsQuery, {
          runId: "conformance-resume",
        })) {
          firstPart.push(record);
          if (h.requests() - start >= 2) break;
        }
        const rest = await readAll(h.collector.collectByTerms(h.termsQuery, { runId: "conformance-resume" }));
        const resumedRequests = h.requests() - start;

        expect(firstPart.length).toBeLessThan(full.length);
        expect(rest.length).toBeGreaterThan(0);
        const union = new Set([...firstPart, ...rest].map((r) => r.platform_id));
        expect([...union].sort()).toEqual(full.map((r) => r.platform_id).sort());
        // Only the interrupted page is fetched twice: an arena that starts over needs fullRequests + 2.
        expect(resumedRequests).toBeLessThanOrEqual(fullRequests + 1);
      }),
      timeout,
    );

    it(
      "rejects a bad query with a config ArenaError naming the field, before any request",
      withHarness(async (h) => {
        const before = h.requests();
        const bad = { ...h.termsQuery, since: "2026-10-01", until: "2026-09-01" };
        let caught: unknown;
        try {
          await readAll(h.collector.collectByTerms(bad, { runId: "conformance-bad" }));
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ArenaError);
        expect((caught as ArenaError).failureType).toBe("config");
        expect((caught as ArenaError).message).toMatch(/since|until/);
        expect(h.requests()).toBe(before);
      }),
      timeout,
    );

    it(
      "rejects a bad actors query with a config ArenaError naming the field, before any request",
      withHarness(async (h) => {
        const before = h.requests();
        let caught: unknown;
        try {
          await readAll(
            h.collector.collectByActors(
              { actors: [], since: "2026-09-01", until: "2026-09-02" },
              { runId: "conformance-bad-actors" },
            ),
          );
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(ArenaError);
        expect((caught as ArenaError).failureType).toBe("config");
        expect((caught as ArenaError).message).toMatch(/actors/);
        expect(h.requests()).toBe(before);
      }),
      timeout,
    );

    it(
      "collects by actors with valid records",
      withHarness(async (h, ctx) => {
        if (!h.actorsQuery) {
          ctx.skip("the harness gives no actorsQuery");
          return;
        }
        const records = await readAll(
          h.collector.collectByActors(h.actorsQuery, { runId: "conformance-actors" }),
        );
        expect(records.length).toBeGreaterThan(0);
        for (const record of records) {
          const parsed = contentRecordSchema.safeParse(record);
          if (!parsed.success)
            throw new Error(`invalid record ${record.platform_id}: ${parsed.error.message}`);
          expect(record.platform).toBe(h.collector.platform);
        }
        const ids = records.map((r) => r.platform_id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      timeout,
    );

    it(
      "reports health without throwing",
      withHarness(async ({ collector }) => {
        const report = await collector.healthCheck();
        expect(["ok", "degraded", "down"]).toContain(report.status);
        expect(Number.isNaN(Date.parse(report.checkedAt))).toBe(false);
        expect(typeof report.detail).toBe("string");
      }),
      timeout,
    );

    it(
      "estimates cost with sane numbers",
      withHarness(async ({ collector, termsQuery }) => {
        const estimate = await collector.estimateCost(termsQuery);
        expect(estimate.requests.min).toBeGreaterThanOrEqual(0);
        expect(estimate.requests.min).toBeLessThanOrEqual(estimate.requests.expected);
        expect(estimate.requests.expected).toBeLessThanOrEqual(estimate.requests.max);
        expect(estimate.quotaDays).toBeGreaterThanOrEqual(0);
        expect(["partitions", "history"]).toContain(estimate.basis);
      }),
      timeout,
    );
  });
}
