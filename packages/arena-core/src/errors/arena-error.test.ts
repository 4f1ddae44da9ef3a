import { describe, expect, it } from "vitest";
import {
  ArenaError,
  AuthError,
  CollectionAbortedError,
  ConfigError,
  DataError,
  IncompleteCollectionError,
  isArenaError,
  QuotaExhaustedError,
  TransientError,
  toArenaError,
  UpstreamError,
} from "./arena-error.js";
import { REDACTED } from "./redact.js";

describe("ArenaError family", () => {
  it.each([
    [new ConfigError("c"), "config", false],
    [new AuthError("a"), "auth", false],
    [new QuotaExhaustedError("q", { resumeAt: "2026-09-02T00:00:00.000Z", pool: "research" }), "quota", true],
    [new TransientError("t"), "transient", true],
    [new DataError("d"), "data", false],
    [new UpstreamError("u"), "upstream", false],
    [new IncompleteCollectionError("i", { givenUp: [] }), "upstream", true],
    [new CollectionAbortedError(), "transient", true],
  ])("%s has its failureType and retryable default", (error, failureType, retryable) => {
    expect(error).toBeInstanceOf(ArenaError);
    expect(error).toBeInstanceOf(Error);
    expect(error.failureType).toBe(failureType);
    expect(error.retryable).toBe(retryable);
    expect(error.name).toBe(error.constructor.name);
    expect(isArenaError(error)).toBe(true);
  });

  it("redacts secrets from the message on construction (and so from the stack)", () => {
    const error = new AuthError("token request failed: client_secret=abc123 Bearer xyz.789 clt.2.secretish");
    expect(error.message).not.toMatch(/abc123|xyz\.789|secretish/);
    expect(error.message).toContain(REDACTED);
    expect(error.stack ?? "").not.toMatch(/abc123|xyz\.789|secretish/);
  });

  it("serialises without cause or stack, and with redacted details", () => {
    const cause = new Error("socket hang up with Bearer raw.token.value");
    const error = new TransientError("The API timed out", {
      status: 504,
      code: "gateway_timeout",
      cause,
      details: {
        partition: "terms:2026-09-01",
        accessToken: "raw.token.value",
        note: "Bearer raw.token.value",
      },
    });
    expect(error.cause).toBe(cause);
    const json = error.toJSON();
    expect(json).toEqual({
      name: "TransientError",
      message: "The API timed out",
      failureType: "transient",
      retryable: true,
      status: 504,
      code: "gateway_timeout",
      details: { partition: "terms:2026-09-01", accessToken: REDACTED, note: `Bearer ${REDACTED}` },
    });
    const text = JSON.stringify(error);
    expect(text).not.toContain("raw.token.value");
    expect(text).not.toContain("stack");
    expect(text).not.toContain("cause");
  });

  it("lets options override retryable where the type allows it", () => {
    expect(new AuthError("a", { retryable: true }).retryable).toBe(true);
    expect(new ConfigError("c", { retryable: true } as never).retryable).toBe(false);
    expect(new ArenaError("x", { failureType: "transient" }).retryable).toBe(true);
    expect(new ArenaError("x", { failureType: "data" }).retryable).toBe(false);
  });

  it("ConfigError names its field; QuotaExhaustedError and IncompleteCollectionError carry their state", () => {
    expect(new ConfigError("bad", { field: "since" }).field).toBe("since");
    const quota = new QuotaExhaustedError("spent", {
      resumeAt: "2026-09-02T00:00:00.000Z",
      pool: "research",
    });
    expect(quota.details).toEqual({ resumeAt: "2026-09-02T00:00:00.000Z", pool: "research" });
    const givenUp = [{ partition: "p", since: "2026-09-01", until: "2026-09-02", reason: "500s" }];
    const incomplete = new IncompleteCollectionError("not complete", { givenUp });
    expect(incomplete.givenUp).toEqual(givenUp);
    expect(incomplete.toJSON().details).toEqual({ givenUp });
    expect(new CollectionAbortedError().code).toBe("aborted");
  });

  it("toArenaError keeps ArenaErrors and wraps anything else as a redacted upstream error", () => {
    const config = new ConfigError("c");
    expect(toArenaError(config)).toBe(config);
    const wrapped = toArenaError(new Error("boom with client_secret=zzz999"), "Collecting failed");
    expect(wrapped).toBeInstanceOf(UpstreamError);
    expect(wrapped.message).toBe(`Collecting failed: boom with client_secret=${REDACTED}`);
    expect(wrapped.retryable).toBe(false);
    expect(toArenaError("plain string").message).toBe("Unexpected failure: plain string");
    expect(isArenaError(new Error("x"))).toBe(false);
  });
});
