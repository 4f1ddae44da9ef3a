import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ArenaError, ConfigError } from "../errors/arena-error.js";
import { createPseudonymizer, pseudonymize } from "./pseudonymize.js";

const SALT = "observatory-test-salt-0001";

describe("pseudonymize", () => {
  it("is HMAC-SHA256(salt, platform:author) in hex (vector computed with openssl dgst -hmac)", () => {
    expect(pseudonymize(SALT, "tiktok", "drnyheder")).toBe(
      "e8ee554f4c6aab0c8056b93224a5fb0189eb37072b48e7a6ab6109e02c3754be",
    );
    expect(pseudonymize(SALT, "tiktok", "drnyheder")).toBe(
      createHmac("sha256", SALT).update("tiktok:drnyheder").digest("hex"),
    );
  });

  it('treats "@DRNyheder" and "drnyheder" as the same author', () => {
    expect(pseudonymize(SALT, "tiktok", " @DRNyheder")).toBe(pseudonymize(SALT, "tiktok", "drnyheder"));
  });

  it("differs per platform and per salt", () => {
    expect(pseudonymize(SALT, "tiktok", "a_user")).not.toBe(pseudonymize(SALT, "bluesky", "a_user"));
    expect(pseudonymize(SALT, "tiktok", "a_user")).not.toBe(pseudonymize(`${SALT}x`, "tiktok", "a_user"));
  });

  it("throws a config error without a salt, never falling back to the plain handle", () => {
    for (const salt of [undefined, ""]) {
      let caught: unknown;
      try {
        pseudonymize(salt, "tiktok", "drnyheder");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ArenaError).failureType).toBe("config");
      expect((caught as ConfigError).field).toBe("pseudonymSalt");
      expect((caught as Error).message).toMatch(/salt/i);
    }
  });

  it("rejects a salt shorter than 16 characters", () => {
    expect(() => createPseudonymizer({ salt: "short-salt" })).toThrow(ConfigError);
  });
});

describe("createPseudonymizer", () => {
  it("keeps listed public figures as their plain (normalised) handle and says so", () => {
    const p = createPseudonymizer({ salt: SALT, publicFigures: ["@Statsministeriet", "drnyheder"] });
    expect(p("tiktok", "statsministeriet")).toEqual({ id: "statsministeriet", publicFigure: true });
    expect(p("tiktok", "@DRNyheder")).toEqual({ id: "drnyheder", publicFigure: true });
    const other = p("tiktok", "private_person");
    expect(other.publicFigure).toBe(false);
    expect(other.id).toBe(pseudonymize(SALT, "tiktok", "private_person"));
    expect(other.id).not.toContain("private_person");
  });
});
