import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "./emulator.js";
import type { EmulatorOptions } from "./options.js";
import { ApiClient, type Loose, TestClock, videoQuery } from "./test-support.js";

const SECOND = { clientKey: "second-key", clientSecret: "second-secret" };
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup(options: EmulatorOptions) {
  emulator = await startEmulator({
    seed: 4,
    corpus: { videos: 3_000 },
    tokenTtlSeconds: 10 * 86_400,
    clients: [{ clientKey: "demo-client-key", clientSecret: "demo-client-secret-0000" }, SECOND],
    ...options,
  });
  const api = new ApiClient(emulator.url);
  await api.login();
  return { em: emulator, api };
}

const user = (em: Emulator) => em.corpus.users.find((u) => !u.isPrivate && u.followerCount > 500)!.username;

describe("daily quota", () => {
  it("answers 429 rate_limit_exceeded once the request quota is spent; 429s do not count", async () => {
    const { em, api } = await setup({ clock: new TestClock(), quota: { research: { requests: 3 } } });
    let records = 0;
    for (let i = 0; i < 3; i++) {
      const reply = await api.post("video/query/", videoQuery(), "id");
      expect(reply.status).toBe(200);
      records += (reply.json as Loose).data.videos.length;
    }
    const refused = await api.post("video/query/", videoQuery(), "id");
    expect(refused.status).toBe(429);
    expect((refused.json as Loose).error.code).toBe("rate_limit_exceeded");
    expect((await api.post("user/info/", { username: user(em) }, "display_name")).status).toBe(429);
    expect(em.stats().quota["demo-client-key"]?.research).toEqual({ requests: 3, records });
  });

  it("counts records and refuses once the record quota is spent", async () => {
    const { em, api } = await setup({ clock: new TestClock(), quota: { research: { records: 50 } } });
    const dk = { and: [{ field_name: "region_code", operation: "EQ", field_values: ["DK"] }] };
    const body = videoQuery({ query: dk, max_count: 40 });
    const a = (await api.post("video/query/", body, "id")).json as Loose;
    const b = (
      await api.post("video/query/", { ...body, cursor: a.data.cursor, search_id: a.data.search_id }, "id")
    ).json as Loose;
    const records = a.data.videos.length + b.data.videos.length;
    expect(em.stats().quota["demo-client-key"]?.research.records).toBe(records);
    expect(records).toBeGreaterThanOrEqual(50);
    expect((await api.post("video/query/", body, "id")).status).toBe(429);
  });

  it("resets at 00:00 UTC of the injected clock", async () => {
    const clock = new TestClock(Date.UTC(2026, 10, 24, 23, 59, 58));
    const { em, api } = await setup({ clock, quota: { research: { requests: 2 } } });
    await api.post("video/query/", videoQuery(), "id");
    await api.post("video/query/", videoQuery(), "id");
    expect((await api.post("video/query/", videoQuery(), "id")).status).toBe(429);
    clock.advance(1_000);
    expect((await api.post("video/query/", videoQuery(), "id")).status).toBe(429);
    clock.advance(1_000);
    expect((await api.post("video/query/", videoQuery(), "id")).status).toBe(200);
    expect(em.stats().quota["demo-client-key"]?.research.requests).toBe(1);
  });

  it("lets requests that fail with 500 consume quota", async () => {
    const { em, api } = await setup({
      clock: new TestClock(),
      quota: { research: { requests: 4 } },
      faults: { internalErrorRate: 1 },
    });
    for (let i = 0; i < 4; i++) expect((await api.post("video/query/", videoQuery(), "id")).status).toBe(500);
    em.setFaults({});
    expect((await api.post("video/query/", videoQuery(), "id")).status).toBe(429);
    expect(em.stats().quota["demo-client-key"]?.research).toEqual({ requests: 4, records: 0 });
  });

  it("keeps followers/following in a separate pool and every client_key apart", async () => {
    const { em, api } = await setup({
      clock: new TestClock(),
      quota: { research: { requests: 1 }, followers: { requests: 2, records: 1_000 } },
    });
    expect((await api.post("video/query/", videoQuery(), "id")).status).toBe(200);
    expect((await api.post("video/query/", videoQuery(), "id")).status).toBe(429);
    const name = user(em);
    expect((await api.post("user/followers/", { username: name })).status).toBe(200);
    expect((await api.post("user/following/", { username: name })).status).toBe(200);
    expect((await api.post("user/followers/", { username: name })).status).toBe(429);
    const other = new ApiClient(em.url);
    await other.login(SECOND.clientKey, SECOND.clientSecret);
    expect((await other.post("video/query/", videoQuery(), "id")).status).toBe(200);
    const quota = em.stats().quota;
    expect(quota["demo-client-key"]?.followers.requests).toBe(2);
    expect(quota["demo-client-key"]?.followers.records).toBe(40);
    expect(quota["second-key"]?.research.requests).toBe(1);
  });

  it("defaults to 1,000 requests and 100,000 records a day (followers: 20,000 and 2,000,000)", async () => {
    const { em, api } = await setup({ clock: new TestClock() });
    for (let i = 0; i < 1_000; i++) await api.post("user/info/", { username: "nobody_here" }, "display_name");
    expect((await api.post("user/info/", { username: "nobody_here" }, "display_name")).status).toBe(429);
    expect((await api.post("user/followers/", { username: user(em) })).status).toBe(200);
  }, 60_000);
});
