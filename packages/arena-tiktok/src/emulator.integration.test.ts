import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  drain,
  emulatorCollector,
  pagesNeeded,
  startTestEmulator,
  truthFor,
} from "./test-support/emulator-harness.js";

const QUERY = { terms: ["klima", "#dkpol"], since: "2026-08-01", until: "2026-11-01", regions: ["DK"] };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.setFaults({});
  emulator.resetStats();
});

describe("whole collections against the emulator", () => {
  it("collects exactly the matching videos with one request per page (no faults)", async () => {
    const truth = truthFor(emulator, QUERY);
    const pages = pagesNeeded(emulator, QUERY);
    expect(truth.length).toBeGreaterThan(200);
    const { collector } = emulatorCollector(emulator);
    const { records, error } = await drain(collector.collectByTerms(QUERY, { runId: "clean" }));
    expect(error).toBeUndefined();
    const ids = records.map((r) => r.platform_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(truth);
    expect(collector.stats.requests).toBe(pages);
    expect(emulator.stats().requests.total - emulator.stats().tokenRequests).toBe(pages);
    expect(collector.stats.tokenRequests).toBe(1);
  });

  it("collects the exact set under every fault at once; requests = pages + faults injected", async () => {
    const truth = truthFor(emulator, QUERY);
    const pages = pagesNeeded(emulator, QUERY);
    emulator.setFaults({
      internalErrorRate: 0.08,
      searchIdInvalidRate: 0.08,
      invalidCursorRate: 0.08,
      gatewayTimeoutRate: 0.04,
      connectionResetRate: 0.04,
      searchIdChangeRate: 0.2,
      revokeTokenAfter: 6,
      faultSeed: 11,
    });
    const { collector } = emulatorCollector(emulator);
    const { records, error } = await drain(collector.collectByTerms(QUERY, { runId: "faults" }));
    expect(error).toBeUndefined();
    const ids = records.map((r) => r.platform_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(truth);
    const { faults } = emulator.stats();
    const costly =
      faults.internalError! +
      faults.searchIdInvalid! +
      faults.invalidCursor! +
      faults.gatewayTimeout! +
      faults.connectionReset! +
      faults.tokenRevoked!;
    expect(costly).toBeGreaterThan(5);
    expect(faults.searchIdChange).toBeGreaterThan(0);
    expect(collector.stats.requests).toBe(pages + costly);
  });

  it("splits a window that keeps failing and still collects everything", async () => {
    const query = { ...QUERY, since: "2026-09-01", until: "2026-09-15" };
    const truth = truthFor(emulator, query);
    emulator.setFaults({ persistentErrorWindows: [{ start: "20260901", end: "20260908", maxDays: 3 }] });
    const { collector, logger } = emulatorCollector(emulator);
    const { records, error } = await drain(collector.collectByTerms(query, { runId: "split" }));
    expect(error).toBeUndefined();
    expect(records.map((r) => r.platform_id).sort()).toEqual(truth);
    expect(logger.text()).toMatch(/splitting it in two/);
  });

  it("pauses when the emulator's quota is spent and resumes the next UTC day with the same runId, losing nothing", async () => {
    let now = Date.parse("2026-11-24T22:00:00Z");
    const clock = { now: () => now };
    const small = await startTestEmulator({ clock, quota: { research: { requests: 6, records: 100_000 } } });
    try {
      const truth = truthFor(small, QUERY);
      const { collector } = emulatorCollector(small, { clock });
      const first = await drain(collector.collectByTerms(QUERY, { runId: "quota" }));
      expect((first.error as { failureType?: string; resumeAt?: string })?.failureType).toBe("quota");
      expect((first.error as { resumeAt?: string }).resumeAt).toBe("2026-11-25T00:00:00.000Z");
      expect(first.records.length).toBeGreaterThan(0);
      const ids = first.records.map((r) => r.platform_id);
      for (let day = 1; ids.length < truth.length && day < 40; day++) {
        now = Date.parse("2026-11-24T00:00:05Z") + day * 86_400_000;
        const next = await drain(collector.collectByTerms(QUERY, { runId: "quota" }));
        ids.push(...next.records.map((r) => r.platform_id));
        if (next.error) expect((next.error as { failureType?: string }).failureType).toBe("quota");
      }
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(truth);
    } finally {
      await small.close();
    }
  });
});
