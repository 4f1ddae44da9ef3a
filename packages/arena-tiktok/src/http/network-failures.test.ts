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
