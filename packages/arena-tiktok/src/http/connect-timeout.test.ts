// A connection that never completes must end at connectTimeoutMs (retried as a timeout), not wait for
// the 5-minute headers timeout: a real socket on loopback whose listener never accepts.
import { afterAll, beforeAll, expect, it } from "vitest";
import { collect, testCollector } from "../test-support/test-collector.js";
import { type BlackHole, startBlackHole } from "../testing/black-hole.js";
import { connectTimeoutFetch } from "./connect-timeout-fetch.js";

let hole: BlackHole;

beforeAll(async () => {
  hole = await startBlackHole();
});

afterAll(async () => {
  await hole?.close();
});

it("connectTimeoutFetch gives up connecting after the timeout with UND_ERR_CONNECT_TIMEOUT", async () => {
  const started = Date.now();
  const error = await connectTimeoutFetch(300)(`${hole.url}/v2/oauth/token/`).catch((e: unknown) => e);
  expect((error as { cause?: { code?: string } }).cause?.code).toBe("UND_ERR_CONNECT_TIMEOUT");
  expect(Date.now() - started).toBeLessThan(5_000);
});

it("a connection that is never made is a timeout retried with backoff, then a transient error naming it", async () => {
  const started = Date.now();
  const { collector } = testCollector({
    baseUrl: hole.url,
    connectTimeoutMs: 200,
    timeoutMs: 60_000,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
  });
  const { items, error } = await collect(
    collector.collectByTerms(
      { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" },
      { runId: "connect" },
    ),
  );
  expect(items).toHaveLength(0);
  expect((error as Error | undefined)?.name).toBe("TransientError");
  expect((error as Error | undefined)?.message).toMatch(/timeout|connecting/i);
  // Three attempts of 200 ms each, not the 60 s headers timeout.
  expect(Date.now() - started).toBeLessThan(10_000);
});
