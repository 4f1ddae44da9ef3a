import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "./emulator.js";
import { ApiClient, type Loose, TestClock, videoQuery } from "./test-support.js";

const clock = new TestClock();
let emulator: Emulator;
let api: ApiClient;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 3,
    clock,
    corpus: { videos: 3_000 },
    tokenTtlSeconds: 600,
    clients: [
      { clientKey: "demo-client-key", clientSecret: "demo-client-secret-0000" },
      { clientKey: "second-key", clientSecret: "second-secret" },
    ],
  });
  api = new ApiClient(emulator.url);
});
afterAll(() => emulator.close());

describe("POST /v2/oauth/token/", () => {
  it("issues a clt. bearer token for valid client credentials", async () => {
    const reply = await api.fetchToken();
    expect(reply.status).toBe(200);
    const body = reply.json as Loose;
    expect(body.access_token).toMatch(/^clt\.[A-Za-z0-9]{56}$/);
    expect(body).toEqual({ access_token: body.access_token, expires_in: 600, token_type: "Bearer" });
    expect((await api.fetchToken("second-key", "second-secret")).status).toBe(200);
  });

  it("answers bad credentials with HTTP 401 and a flat invalid_client error", async () => {
    for (const [key, secret] of [
      ["demo-client-key", "wrong"],
      ["nobody", "demo-client-secret-0000"],
      ["second-key", "demo-client-secret-0000"],
    ] as const) {
      const reply = await api.fetchToken(key, secret);
      expect(reply.status).toBe(401);
      const body = reply.json as Loose;
      expect(body.error).toBe("invalid_client");
      expect(typeof body.error_description).toBe("string");
      expect(body.data).toBeUndefined();
      expect(reply.text).not.toContain(secret);
    }
  });

  it("rejects a grant type other than client_credentials", async () => {
    const res = await fetch(`${emulator.url}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "client_key=demo-client-key&client_secret=demo-client-secret-0000&grant_type=authorization_code",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Loose).error).toBe("unsupported_grant_type");
  });
});

describe("access tokens on research endpoints", () => {
  it("answers a missing or unknown token with 401 access_token_invalid in the envelope", async () => {
    for (const token of ["", "clt.not-issued"]) {
      const reply = await api.post("video/query/", videoQuery(), "id", token);
      expect(reply.status).toBe(401);
      expect((reply.json as Loose).error.code).toBe("access_token_invalid");
      expect((reply.json as Loose).data).toEqual({});
    }
  });

  it("expires tokens after tokenTtlSeconds by the injected clock", async () => {
    const token = await api.login();
    expect((await api.post("video/query/", videoQuery(), "id", token)).status).toBe(200);
    clock.advance(599_000);
    expect((await api.post("video/query/", videoQuery(), "id", token)).status).toBe(200);
    clock.advance(1_000);
    const expired = await api.post("video/query/", videoQuery(), "id", token);
    expect(expired.status).toBe(401);
    expect((expired.json as Loose).error.code).toBe("access_token_invalid");
    const fresh = await api.login();
    expect(fresh).not.toBe(token);
    expect((await api.post("video/query/", videoQuery(), "id", fresh)).status).toBe(200);
  });

  it("counts token requests in stats", async () => {
    const before = emulator.stats().tokenRequests;
    await api.fetchToken();
    expect(emulator.stats().tokenRequests).toBe(before + 1);
    expect(emulator.stats().requests.byEndpoint["oauth/token"]).toBeGreaterThan(0);
  });
});
