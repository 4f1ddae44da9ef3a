// Answers that never end, bodies that stop half-way, token endpoints that hang: a local node:http
// server plays the API (real sockets, real streams), the collector's bounds and Ctrl-C are checked.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { rawVideoPage, video } from "../test-support/api-fixtures.js";
import { collect, testCollector } from "../test-support/test-collector.js";

type Step = "ok" | "endless" | "stall-body" | "hang" | "slow-headers";
let server: Server;
let baseUrl: string;
let tokenScript: Step[] = [];
let queryScript: Step[] = [];
const open = new Set<ServerResponse>();

const TOKEN = JSON.stringify({
  access_token: "clt.local-token-abcdefghijkl",
  expires_in: 7200,
  token_type: "Bearer",
});

function play(step: Step, res: ServerResponse, body: string): void {
  open.add(res);
  res.on("close", () => open.delete(res));
  switch (step) {
    case "ok":
      res.setHeader("content-type", "application/json");
      return void res.end(body);
    case "slow-headers":
      return void setTimeout(() => res.end(body), 400);
    case "hang":
      return; // accepts the request, never answers
    case "stall-body":
      res.writeHead(200, { "content-type": "application/json" });
      return void res.write(body.slice(0, 10));
    case "endless": {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      res.write('{"data":{"videos":[');
      pump();
      return;
    }
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/v2/oauth/token/")) return play(tokenScript.shift() ?? "ok", res, TOKEN);
      const page = rawVideoPage([video(1, "2026-09-01")], { cursor: 1, hasMore: false });
      play(queryScript.shift() ?? "ok", res, page);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  tokenScript = [];
  queryScript = [];
  for (const res of open) res.destroy();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const query = { terms: ["klima"], since: "2026-09-01", until: "2026-09-02" };

it("an endless body ends in an UpstreamError (response_too_large) at the cap, without retrying it", async () => {
  queryScript.push("endless", "endless", "endless");
  const { collector } = testCollector({ baseUrl, maxResponseBytes: 256 * 1024 });
  const { items, error } = await collect(collector.collectByTerms(query, { runId: "endless" }));
  expect(items).toEqual([]);
  expect(error).toMatchObject({ name: "UpstreamError", code: "response_too_large" });
  expect(collector.stats.retries).toBe(0);
  expect(collector.stats.requests).toBe(1); // it reached the API: counted, like every attempt that did
});

it("a body that stalls half-way is a timeout: retried, and the retry's page is collected", async () => {
  queryScript.push("stall-body", "ok");
  const { collector } = testCollector({ baseUrl, stallTimeoutMs: 150 });
  const { items, error } = await collect(collector.collectByTerms(query, { runId: "stall" }));
  expect(error).toBeUndefined();
  expect(items).toHaveLength(1);
  expect(collector.stats.retries).toBe(1);
});

it("Ctrl-C while the token endpoint hangs stops at once (CollectionAbortedError)", async () => {
  tokenScript.push("hang");
  const { collector } = testCollector({ baseUrl });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 150);
  const started = Date.now();
  const { error } = await collect(
    collector.collectByTerms(query, { runId: "tok", signal: controller.signal }),
  );
  expect(error).toMatchObject({ name: "CollectionAbortedError" });
  expect(Date.now() - started).toBeLessThan(1_500);
});

it("Ctrl-C while the response headers are awaited, or while a body stalls, stops at once", async () => {
  for (const step of ["hang", "stall-body"] as const) {
    queryScript.push(step);
    const { collector } = testCollector({ baseUrl, stallTimeoutMs: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const { error } = await collect(
      collector.collectByTerms(query, { runId: step, signal: controller.signal }),
    );
    expect(error, step).toMatchObject({ name: "CollectionAbortedError" });
    expect(Date.now() - started, step).toBeLessThan(1_500);
  }
});

it("a request quiet for the notice time is reported with what it waits for and its attempt", async () => {
  tokenScript.push("slow-headers");
  queryScript.push("stall-body", "ok");
  const { collector, logger } = testCollector({ baseUrl, slowRequestNoticeMs: 100, stallTimeoutMs: 350 });
  const { error } = await collect(collector.collectByTerms(query, { runId: "slow" }));
  expect(error).toBeUndefined();
  const warnings = logger.entries.filter((e) => e.level === "warn").map((e) => e.message);
  expect(warnings).toContainEqual(
    expect.stringMatching(
      /^still waiting for response headers of the token request: nothing received for 0 s \(attempt 1 of 5\)$/,
    ),
  );
  expect(warnings).toContainEqual(
    expect.stringMatching(
      /still waiting for more of the response body of video query .*\(10 bytes so far\).*\(attempt 1 of 5\)/,
    ),
  );
});
