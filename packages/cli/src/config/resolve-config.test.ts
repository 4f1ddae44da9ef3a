import { describe, expect, it } from "vitest";
import { UsageError } from "../usage-error.js";
import { DEMO_PSEUDONYM_SALT, resolveConfig } from "./resolve-config.js";

const cwd = "/work/study";
const creds = { TIKTOK_CLIENT_KEY: "key-123", TIKTOK_CLIENT_SECRET: "secret-456789" };
const salt = { OBSERVATORY_PSEUDONYM_SALT: "a-very-long-secret-salt" };

describe("resolveConfig", () => {
  it("without credentials: the built-in emulator with the demo salt, state in ./.observatory", () => {
    const config = resolveConfig({}, { cwd });
    expect(config.mode).toBe("demo");
    expect(config.pseudonymSalt).toBe(DEMO_PSEUDONYM_SALT);
    expect(config.stateDir).toBe("/work/study/.observatory");
  });

  it("with credentials: api mode, the salt required and never the demo one", () => {
    const config = resolveConfig({ ...creds, ...salt, OBSERVATORY_STATE_DIR: "state" }, { cwd });
    expect(config).toMatchObject({
      mode: "api",
      credentials: { clientKey: "key-123" },
      stateDir: "/work/study/state",
    });
    expect(config.pseudonymSalt).toBe(salt.OBSERVATORY_PSEUDONYM_SALT);
    expect(() => resolveConfig(creds, { cwd })).toThrow(/^OBSERVATORY_PSEUDONYM_SALT is not set/);
  });

  it("names the variable for each mistake, never its value", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ TIKTOK_CLIENT_KEY: "k" }, /^TIKTOK_CLIENT_SECRET is not set/],
      [{ TIKTOK_CLIENT_SECRET: "s3cr3t-value" }, /^TIKTOK_CLIENT_KEY is not set/],
      [
        { TIKTOK_API_BASE_URL: "http://127.0.0.1:1" },
        /^TIKTOK_CLIENT_KEY is not set: TIKTOK_API_BASE_URL is/,
      ],
      [
        { ...creds, ...salt, TIKTOK_API_BASE_URL: "localhost:8787" },
        /^TIKTOK_API_BASE_URL is not an http\(s\) URL/,
      ],
      [
        { ...creds, OBSERVATORY_PSEUDONYM_SALT: "short-salt" },
        /^OBSERVATORY_PSEUDONYM_SALT is shorter than 16/,
      ],
      [{ REDIS_URL: "localhost:6379" }, /^REDIS_URL is not a Redis URL/],
      [{ TIKTOK_DAILY_REQUESTS: "lots" }, /^TIKTOK_DAILY_REQUESTS is not a whole number/],
      [{ OBSERVATORY_V8_HEAP: "small" }, /^OBSERVATORY_V8_HEAP is neither compact nor default/],
    ];
    for (const [env, message] of cases) {
      let error: unknown;
      try {
        resolveConfig(env, { cwd });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("s3cr3t-value");
      expect((error as Error).message).not.toContain("short-salt");
      expect((error as Error).message.includes("\n")).toBe(false);
    }
  });

  it("treats empty variables as unset and collects the secrets to mask, the Redis password included", () => {
    expect(resolveConfig({ TIKTOK_CLIENT_KEY: "", TIKTOK_CLIENT_SECRET: " " }, { cwd }).mode).toBe("demo");
    const config = resolveConfig(
      { ...creds, ...salt, REDIS_URL: "redis://user:p%40ssw0rd@db:6379" },
      { cwd },
    );
    expect(config.secrets).toEqual(
      expect.arrayContaining(["secret-456789", salt.OBSERVATORY_PSEUDONYM_SALT, "p%40ssw0rd", "p@ssw0rd"]),
    );
  });
});
