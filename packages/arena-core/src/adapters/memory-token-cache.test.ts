import * as nodeFs from "node:fs/promises";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type CachedToken, isTokenUsable, type TokenCache } from "../ports/token-cache.js";
import type { AtomicFs } from "./atomic-file.js";
import { FileTokenCache } from "./file-token-cache.js";
import { MemoryTokenCache } from "./memory-token-cache.js";

const NOW = Date.parse("2026-09-01T12:00:00Z");
const MIN = 60_000;
const opts = (extra: { rejected?: string; now?: number } = {}) => ({
  minValidityMs: 10 * MIN,
  now: NOW,
  ...extra,
});

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "tokens-"));
  dirs.push(dir);
  return join(dir, "state", "tokens.json");
}

/** A refresh that counts its calls and hands out tok-1, tok-2, … valid for 2 h, after a short delay. */
function refresher(delayMs = 5) {
  let calls = 0;
  const refresh = async (): Promise<CachedToken> => {
    calls++;
    const n = calls;
    await new Promise((r) => setTimeout(r, delayMs));
    return { accessToken: `tok-${n}`, expiresAt: NOW + 120 * MIN };
  };
  return { refresh, calls: () => calls };
}

/** The node fs with a slow readFile (the file is read first, the answer comes 30 ms later: a stale read). */
const slowReadFs: AtomicFs = {
  ...nodeFs,
  readFile: (async (...args: Parameters<typeof nodeFs.readFile>) => {
    const content = nodeFs.readFile(...args);
    await content.catch(() => undefined);
    await new Promise((r) => setTimeout(r, 30));
    return content;
  }) as typeof nodeFs.readFile,
};

const caches: Record<string, () => Promise<TokenCache>> = {
  MemoryTokenCache: async () => new MemoryTokenCache(),
  FileTokenCache: async () => new FileTokenCache(await tempPath()),
  "FileTokenCache (slow reads)": async () => new FileTokenCache(await tempPath(), { fs: slowReadFs }),
};

describe.each(Object.entries(caches))("%s", (_, make) => {
  it("merges 20 concurrent getOrRefresh calls, arriving 2 ms apart, into one refresh", async () => {
    const cache = await make();
    const { refresh, calls } = refresher();
    const pending: Promise<CachedToken>[] = [];
    for (let i = 0; i < 20; i++) {
      pending.push(cache.getOrRefresh("cred", refresh, opts()));
      await new Promise((r) => setTimeout(r, 2));
    }
    const tokens = await Promise.all(pending);
    expect(calls()).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(["tok-1"]));
    expect(await cache.get("cred")).toEqual(tokens[0]);
  });

  it("reuses a cached token with enough validity left", async () => {
    const cache = await make();
    await cache.set("cred", { accessToken: "cached", expiresAt: NOW + 30 * MIN });
    const { refresh, calls } = refresher();
    expect((await cache.getOrRefresh("cred", refresh, opts())).accessToken).toBe("cached");
    expect(calls()).toBe(0);
  });

  it("refreshes proactively when less than minValidityMs is left", async () => {
    const cache = await make();
    await cache.set("cred", { accessToken: "expiring", expiresAt: NOW + 9 * MIN });
    const { refresh, calls } = refresher();
    expect((await cache.getOrRefresh("cred", refresh, opts())).accessToken).toBe("tok-1");
    expect(calls()).toBe(1);
    expect((await cache.get("cred"))?.accessToken).toBe("tok-1");
  });

  it("never hands out a rejected token again, even to a caller that does not know it was rejected", async () => {
    const cache = await make();
    await cache.set("cred", { accessToken: "bad", expiresAt: NOW + 60 * MIN });
    let fail = true;
    const refresh = async (): Promise<CachedToken> => {
      if (fail) throw new Error("token endpoint down");
      return { accessToken: "good", expiresAt: NOW + 120 * MIN };
    };
    await expect(cache.getOrRefresh("cred", refresh, opts({ rejected: "bad" }))).rejects.toThrow("down");
    // The refresh failed; the rejected token is gone all the same.
    expect(await cache.get("cred")).toBeUndefined();
    fail = false;
    expect((await cache.getOrRefresh("cred", refresh, opts())).accessToken).toBe("good");
  });

  it("gives a caller with a rejected token a fresh one even when a flight started before the rejection", async () => {
    const cache = await make();
    await cache.set("cred", { accessToken: "old", expiresAt: NOW + 60 * MIN });
    const { refresh, calls } = refresher();
    const [plain, afterRejection] = await Promise.all([
      cache.getOrRefresh("cred", refresh, opts()),
      cache.getOrRefresh("cred", refresh, opts({ rejected: "old" })),
    ]);
    expect(plain.accessToken).toBe("old");
    expect(afterRejection.accessToken).toBe("tok-1");
    expect(calls()).toBe(1);
  });

  it("shares a failed refresh's error with every waiter, then tries again on the next call", async () => {
    const cache = await make();
    let calls = 0;
    const refresh = async (): Promise<CachedToken> => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      if (calls === 1) throw new Error("boom");
      return { accessToken: "second", expiresAt: NOW + 120 * MIN };
    };
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => cache.getOrRefresh("cred", refresh, opts())),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(calls).toBe(1);
    expect((await cache.getOrRefresh("cred", refresh, opts())).accessToken).toBe("second");
  });

  it("keeps keys apart and deletes", async () => {
    const cache = await make();
    await cache.set("a", { accessToken: "ta", expiresAt: NOW + 60 * MIN });
    await cache.set("b", { accessToken: "tb", expiresAt: NOW + 60 * MIN });
    await cache.delete("a");
    expect(await cache.get("a")).toBeUndefined();
    expect((await cache.get("b"))?.accessToken).toBe("tb");
  });
});

describe("FileTokenCache", () => {
  it("writes the token file readable by the owner only (0600), also over an existing 0644 file", async () => {
    const path = await tempPath();
    await nodeFs.mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, "{}", { mode: 0o644 });
    const cache = new FileTokenCache(path);
    await cache.set("cred", { accessToken: "secret-token", expiresAt: NOW + 60 * MIN });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("lets the next run reuse the token (a new instance reads the file)", async () => {
    const path = await tempPath();
    await new FileTokenCache(path).set("cred", { accessToken: "persisted", expiresAt: NOW + 60 * MIN });
    const { refresh, calls } = refresher();
    const token = await new FileTokenCache(path).getOrRefresh("cred", refresh, opts());
    expect(token.accessToken).toBe("persisted");
    expect(calls()).toBe(0);
  });

  it("treats a corrupt token file as empty: one refresh, then the file is whole again", async () => {
    const path = await tempPath();
    await nodeFs.mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, '{"cred": {"accessTo');
    const cache = new FileTokenCache(path);
    const { refresh, calls } = refresher();
    expect((await cache.getOrRefresh("cred", refresh, opts())).accessToken).toBe("tok-1");
    expect(calls()).toBe(1);
    expect(JSON.parse(await nodeFs.readFile(path, "utf8")).cred.accessToken).toBe("tok-1");
  });
});

describe("isTokenUsable", () => {
  const token = { accessToken: "t", expiresAt: NOW + 10 * MIN };
  it("needs at least minValidityMs left and not the rejected token", () => {
    expect(isTokenUsable(token, opts())).toBe(true);
    expect(isTokenUsable(token, opts({ now: NOW + 1 }))).toBe(false);
    expect(isTokenUsable(token, opts({ rejected: "t" }))).toBe(false);
    expect(isTokenUsable(undefined, opts())).toBe(false);
  });
});
