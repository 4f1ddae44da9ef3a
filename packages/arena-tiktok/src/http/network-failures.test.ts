// Connection resets and timeouts need a real socket: a local node:http server plays the API.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rawVideoPage, video } from "../test-support/api-fixtures.js";
import { collect, testCollector } from "../test-support/test-collector.js";

let server: Server;
let baseUrl: string;
const script: ("reset" | "slow" | "ok")[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/v2/oauth/token/")) {
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            access_token: "clt.local-token-abcdefghijkl",
            expires_in: 7200,
            token_type: "Bearer",
          }),
        );
        return;
      }
      const step = script.shift() ?? "ok";
      if (step === "reset") return void req.socket.destroy();
      const send = () => res.end(rawVideoPage([video(1, "2026-09-01")], { cursor: 1, hasMore: false }));
      if (step === "slow") setTimeout(send, 300);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it("retries a connection reset and a timeout, counting each attempt", async () => {
  script.push("reset", "slow", "ok");
  const { collector } = testCollector({ baseUrl, timeoutMs: 100 });
  const { items, error } = await collect(
    collector.collectByTerms(
      { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" },
      { runId: "net" },
    ),
  );
  expect(error).toBeUndefined();
  expect(items).toHaveLength(1);
  expect(collector.stats.retries).toBe(2);
  expect(collector.stats.requests).toBe(3);
});

it("a host that does not exist (ENOTFOUND) is a config error at once, naming the host: no retry loop", async () => {
  let calls = 0;
  const fetchUnknownHost: typeof fetch = async () => {
    calls++;
    const cause = Object.assign(new Error("getaddrinfo ENOTFOUND api.example.invalid"), {
      code: "ENOTFOUND",
      hostname: "api.example.invalid",
    });
    throw new TypeError("fetch failed", { cause });
  };
  const { collector, sleeps } = testCollector({
    baseUrl: "https://api.example.invalid",
    fetch: fetchUnknownHost,
  });
  const { items, error } = await collect(
    collector.collectByTerms(
      { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" },
      { runId: "dns" },
    ),
  );
  expect(items).toEqual([]);
  expect(error).toMatchObject({ failureType: "config", retryable: false });
  expect(String((error as Error).message)).toMatch(/api\.example\.invalid.*ENOTFOUND.*TIKTOK_API_BASE_URL/);
  expect(calls).toBe(1);
  expect(sleeps).toEqual([]);
});

it("an API that cannot be reached (ECONNREFUSED) is retried, then stops the run resumable — no window is split or given up", async () => {
  let calls = 0;
  const refused: typeof fetch = async () => {
    calls++;
    throw new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
    });
  };
  const { collector, logger } = testCollector({ baseUrl: "http://127.0.0.1:9", fetch: refused });
  const { items, error } = await collect(
    collector.collectByTerms(
      { terms: ["klima"], since: "2026-09-01", until: "2026-09-15" },
      { runId: "down" },
    ),
  );
  expect(items).toEqual([]);
  expect(error).toMatchObject({
    name: "TransientError",
    retryable: true,
    details: { row: "connection-refused", tokenEndpoint: true },
  });
  expect(String((error as Error).message)).toMatch(/could not be reached/);
  expect(calls).toBe(5); // the token request's attempts, once: no split window asks again
  expect(logger.text()).not.toMatch(/splitting|giving up|given up/i);
});

it("a token endpoint that keeps failing with 500 stops the run instead of splitting windows", async () => {
  const failing: typeof fetch = async () => new Response("<html>oops</html>", { status: 500 });
  const { collector, logger } = testCollector({ fetch: failing });
  const { error } = await collect(
    collector.collectByTerms(
      { terms: ["klima"], since: "2026-09-01", until: "2026-09-15" },
      { runId: "tok" },
    ),
  );
  expect(error).toMatchObject({ name: "TransientError", details: { tokenEndpoint: true } });
  expect(logger.text()).not.toMatch(/splitting|giving up|given up/i);
});

it("health calls an API that refuses connections 'down', not 'degraded'", async () => {
  const refused: typeof fetch = async () => {
    throw new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
    });
  };
  const { collector } = testCollector({
    baseUrl: "http://127.0.0.1:9",
    fetch: refused,
    healthProbeIntervalMs: 0,
  });
  const report = await collector.healthCheck();
  expect(report).toMatchObject({ status: "down" });
  expect(report.detail).toMatch(/could not be reached \(ECONNREFUSED\)/);
});

it("a base URL with a wrong path (an HTML 404 from the token endpoint) is a config error naming the base URL, not rejected credentials", async () => {
  let calls = 0;
  const notTheApi: typeof fetch = async () => {
    calls++;
    return new Response("<html><body>Not Found</body></html>", {
      status: 404,
      headers: { "content-type": "text/html" },
    });
  };
  const { collector } = testCollector({ baseUrl: "https://open.tiktokapis.com/wrong", fetch: notTheApi });
  const { error } = await collect(
    collector.collectByTerms(
      { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" },
      { runId: "path" },
    ),
  );
  expect(error).toMatchObject({ failureType: "config", details: { row: "token-endpoint-missing" } });
  expect((error as Error).message).toMatch(
    /not at this base URL \(HTTP 404, not a JSON answer\).*TIKTOK_API_BASE_URL/,
  );
  expect((error as Error).message).not.toMatch(/credentials/);
  expect(calls).toBe(1);
});
