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
    ]) {
      expect(core).toHaveProperty(name);
    }
  });
});
