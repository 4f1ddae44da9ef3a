import { describe, expect, it } from "vitest";
import { REDACTED, redact, SecretRegistry } from "./redact.js";

describe("SecretRegistry", () => {
  it("redacts registered values wherever they appear", () => {
    const secrets = new SecretRegistry();
    secrets.add("my-client-secret-123");
    secrets.add("awkward$.*+?value");
    const out = secrets.redact(
      "key=abc&secret=my-client-secret-123 and awkward$.*+?value twice: my-client-secret-123",
    );
    expect(out).not.toContain("my-client-secret-123");
    expect(out).not.toContain("awkward$.*+?value");
    expect(out.split(REDACTED)).toHaveLength(4);
  });

  it("ignores values too short to be credentials (they would redact ordinary words)", () => {
    const secrets = new SecretRegistry();
    secrets.add("the");
    secrets.add(undefined);
    secrets.add(null);
    secrets.add("");
    expect(secrets.redact("the quota is the limit")).toBe("the quota is the limit");
  });

  it.each([
    ["a TikTok client token", "token clt.2.abcDEF_123-xyz~+/= expired", "clt.2.abc"],
    ["a Bearer header", "Authorization: Bearer eyJhbGciOi.payload.sig", "eyJhbGciOi"],
    ["a lower-case bearer", "authorization: bearer abc.def.ghi", "abc.def.ghi"],
    [
      "a form client_secret",
      "client_key=key1&client_secret=s3cr3tv4lue&grant_type=client_credentials",
      "s3cr3tv4lue",
    ],
    ["a JSON access_token", '{"access_token": "act.example123", "expires_in": 7200}', "act.example123"],
    ["a refresh_token", "refresh_token=rft.abcdef", "rft.abcdef"],
    ["a password", "password: hunter22", "hunter22"],
    ["an api_key", "api_key=AKIA1234567890", "AKIA1234567890"],
  ])("redacts %s by pattern", (_, text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it("keeps the words around a redacted secret", () => {
    expect(redact("client_key=key1&client_secret=abc123&grant_type=x")).toBe(
      `client_key=key1&client_secret=${REDACTED}&grant_type=x`,
    );
    expect(redact("Bearer abc.def")).toBe(`Bearer ${REDACTED}`);
  });

  it("redact() takes extra secrets to redact", () => {
    expect(redact("salt is pepper-and-salt-42", ["pepper-and-salt-42"])).toBe(`salt is ${REDACTED}`);
  });

  it("deep-redacts values: secret-named keys masked, strings scanned, errors flattened, dates kept", () => {
    const secrets = new SecretRegistry();
    secrets.add("live-token-value");
    const out = secrets.redactValue({
      clientSecret: "anything",
      nested: { accessToken: "x", list: ["ok", "has live-token-value inside"], pseudonymSalt: "s" },
      error: new Error("failed with Bearer abc.def"),
      at: new Date("2026-09-01T00:00:00Z"),
      big: 12345678901234567890n,
      count: 3,
      flag: true,
      none: null,
    });
    expect(out).toEqual({
      clientSecret: REDACTED,
      nested: { accessToken: REDACTED, list: ["ok", `has ${REDACTED} inside`], pseudonymSalt: REDACTED },
      error: `Error: failed with Bearer ${REDACTED}`,
      at: "2026-09-01T00:00:00.000Z",
      big: "12345678901234567890",
      count: 3,
      flag: true,
      none: null,
    });
  });

  it("stops at a depth limit instead of recursing forever", () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 20; i++) {
      cursor.next = {};
      cursor = cursor.next as Record<string, unknown>;
    }
    expect(JSON.stringify(new SecretRegistry().redactValue(deep))).toContain("[…]");
  });
});
