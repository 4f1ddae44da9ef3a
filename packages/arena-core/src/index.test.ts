import { describe, expect, it } from "vitest";
import * as core from "./index.js";

describe("arena-core public API", () => {
  it("exports the contract, errors, adapters and helpers", () => {
    for (const name of [
      "contentRecordSchema",
      "termsQuerySchema",
      "actorsQuerySchema",
      "ArenaError",
      "QuotaExhaustedError",
      "MemoryQuotaLedger",
      "FileCheckpointStore",
      "dateWindows",
      "contentHash",
      "pseudonymize",
      "engagementScore",
      "createDefaultLanguageDetector",
      "createEldDetector",
      "createCld3Detector",
      "nordicTieBreak",
      "evaluateLanguageDetector",
      "parseTermsQuery",
      "parseActorsQuery",
      "splitWindow",
      "createPseudonymizer",
      "FileTokenCache",
      "FileQuotaLedger",
      "SecretRegistry",
      "createJsonLogger",
    ]) {
      expect(core).toHaveProperty(name);
    }
  });
});

describe("arena-core/testing", () => {
  it("exports the conformance suite", async () => {
    const testing = await import("./testing/index.js");
    expect(typeof testing.describeArenaCollector).toBe("function");
  });
});
