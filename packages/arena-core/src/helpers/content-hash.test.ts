import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentHash, normalizeForHash } from "./content-hash.js";

describe("contentHash", () => {
  it("is the SHA-256 hex of the normalised text (known vector, computed with sha256sum)", () => {
    expect(contentHash("#fyp")).toBe("9217fef145bc52df6588503059242e1156a6ba49b7f63336a557499523e55858");
    expect(contentHash("  #FYP \n")).toBe("9217fef145bc52df6588503059242e1156a6ba49b7f63336a557499523e55858");
  });

  it('treats "#fyp" and " #FYP " as the same text', () => {
    expect(contentHash(" #FYP ")).toBe(contentHash("#fyp"));
  });

  it("normalises Unicode to NFC: a decomposed é equals the composed one", () => {
    const decomposed = "cafe\u0301";
    expect(decomposed).not.toBe("café");
    expect(contentHash(decomposed)).toBe(contentHash("café"));
    expect(contentHash("café")).toBe("850f7dc43910ff890f8879c0ed26fe697c93a067ad93a7d50f466a7028a9bf4e");
  });

  it("collapses every run of whitespace (tabs, newlines, no-break spaces) to one space", () => {
    expect(normalizeForHash("Klima\t\tog\n\n  afgift\u00a0nu")).toBe("klima og afgift nu");
    expect(contentHash("Klima og afgift")).toBe(contentHash("klima\nog    AFGIFT"));
  });

  it("keeps texts that differ in words apart", () => {
    expect(contentHash("klima")).not.toBe(contentHash("klimaet"));
  });

  it("is null for empty or blank text", () => {
    expect(contentHash("")).toBeNull();
    expect(contentHash("   \n")).toBeNull();
    expect(contentHash(null)).toBeNull();
    expect(contentHash(undefined)).toBeNull();
  });

  it("equals NFC, trim, collapse, lower-case on any text", () => {
    const reference = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
    const latin = fc.string({ unit: fc.integer({ min: 0, max: 0x2ff }).map((c) => String.fromCharCode(c)) });
    for (const unit of ["binary", "grapheme"] as const) {
      fc.assert(
        fc.property(fc.oneof(latin, fc.string({ unit })), (text) => {
          expect(normalizeForHash(text)).toBe(reference(text));
        }),
        { numRuns: 1000 },
      );
    }
    expect(normalizeForHash("Cafe\u0301 \u00c5ngstr\u00f6m \u212b")).toBe("café ångström å");
  }, 30_000); // 2,000 property runs: slow on a busy machine

  it("is stable under its own normalisation (idempotent) and always 64 hex characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (text) => {
        const hash = contentHash(text);
        if (hash === null) return normalizeForHash(text) === "";
        return /^[0-9a-f]{64}$/.test(hash) && contentHash(normalizeForHash(text)) === hash;
      }),
    );
  });
});
