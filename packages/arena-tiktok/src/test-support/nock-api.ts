// Test support: nock scopes for the token endpoint and the Research API, with raw JSON bodies so
// 64-bit IDs go over the wire as bare numbers exactly as TikTok sends them.
import { ManualClock, MemoryCheckpointStore, MemoryLogger, MemoryQuotaLedger } from "@observatory/arena-core";
import nock from "nock";
import { createTikTokCollector } from "../create-collector.js";
import type { TikTokCollectorOptions } from "../options.js";

export const BASE = "https://open.tiktokapis.com";
export const CLIENT_KEY = "test-client-key";
export const CLIENT_SECRET = "test-client-secret-never-logged";
export const SALT = "test-salt-0123456789abcdef";

export interface ApiVideoFixture {
  id: string;
  create_time: number;
  video_description?: string;
  username?: string;
  region_code?: string;
  [key: string]: unknown;
}

/** JSON with `id`/`music_id` written as bare integers (as the API does). */
export function rawVideo(video: ApiVideoFixture): string {
  const { id, ...rest } = video;
  const body = JSON.stringify({ like_count: 10, view_count: 100, share_count: 1, comment_count: 2, ...rest });
  return `{"id":${id},${body.slice(1)}`;
}

export function rawVideoPage(
  videos: ApiVideoFixture[],
  page: { cursor: number; hasMore: boolean; searchId?: string },
): string {
  const searchId = page.searchId ? `,"search_id":"${page.searchId}"` : "";
  return (
    `{"data":{"videos":[${videos.map(rawVideo).join(",")}],"cursor":${page.cursor},"has_more":${page.hasMore}${searchId}},` +
    `"error":{"code":"ok","message":"","log_id":"20261124000000TEST"}}`
  );
}

export const apiError = (code: string, message: string) =>
  JSON.stringify({ data: {}, error: { code, message, log_id: "20261124000000ERR" } });

let tokenCounter = 0;
/** Intercepts the token endpoint `times` times; each call issues a new token. */
export function tokenScope(times = 1, expiresIn = 7200) {
  return nock(BASE)
    .post("/v2/oauth/token/", (body) => body.client_key === CLIENT_KEY && body.client_secret === CLIENT_SECRET)
    .times(times)
    .reply(200, () => ({
      access_token: `clt.test-token-${++tokenCounter}-${"x".repeat(20)}`,
      expires_in: expiresIn,
      token_type: "Bearer",
    }));
}

export const video = (n: number, day = "2026-09-02", extra: Partial<ApiVideoFixture> = {}): ApiVideoFixture => ({
  id: (7301234567890000000n + BigInt(n)).toString(),
  create_time: Math.floor(Date.parse(`${day}T12:00:00Z`) / 1000) + n,
  video_description: `Klimaet og afgiften på benzin er til debat igen #dkpol #klima nr ${n}`,
  username: `creator${n % 7}`,
  region_code: "DK",
  hashtag_names: ["dkpol", "klima"],
  ...extra,
});

/** A collector wired to nock with in-memory ports, a manual clock and instant sleeps. */
export function testCollector(overrides: Partial<TikTokCollectorOptions> = {}) {
  const clock = (overrides.clock as ManualClock | undefined) ?? new ManualClock("2026-11-24T10:00:00Z");
  const logger = new MemoryLogger();
  const checkpoints = new MemoryCheckpointStore();
  const quota = overrides.quota ?? new MemoryQuotaLedger({ clock });
  const sleeps: number[] = [];
  const collector = createTikTokCollector({
    credentials: { clientKey: CLIENT_KEY, clientSecret: CLIENT_SECRET, id: "test" },
    pseudonymSalt: SALT,
    baseUrl: BASE,
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    random: () => 0.5,
    logger,
    checkpoints,
    quota,
    languageDetector: { name: "fixed", detect: () => ({ language: "da", confidence: 0.9 }) },
    ...overrides,
  });
  return { collector, clock, logger, checkpoints, quota, sleeps };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
  } catch (error) {
    return { items, error };
  }
  return { items };
}
