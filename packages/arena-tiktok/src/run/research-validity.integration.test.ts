// Issue 22's acceptance against the emulator: silent zeros flagged (an outage that answers every query
// with an empty page), a real absence not flagged when the canary succeeds, windows within the ingestion
// lag left for a later run, and the API's known shifts on every record.
import { type Progress, SilentZeroError, WindowsDeferredError } from "@observatory/arena-core";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  drain,
  EMULATOR_NOW,
  emulatorCollector,
  startTestEmulator,
} from "../test-support/emulator-harness.js";

const QUERY = { terms: ["klima", "#dkpol"], since: "2026-09-01", until: "2026-09-22", regions: ["DK"] };
/** Nothing in the corpus matches it. */
const ABSENT = { terms: ["zzqxjv-no-such-word"], since: "2026-09-01", until: "2026-09-22" };

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.setFaults({});
  emulator.resetStats();
});

describe("silent zeros", () => {
  it("an API that answers every query with an empty page: the run is flagged, not completed (canary empty too)", async () => {
    emulator.setFaults({ silentZeroRate: 1 });
    const { collector, logger } = emulatorCollector(emulator, { canary: "#fyp" });
    const progress: Progress[] = [];
    const { records, error } = await drain(
      collector.collectByTerms(QUERY, { runId: "outage", onProgress: (p) => progress.push(p) }),
    );
    expect(records).toEqual([]);
    expect(error).toBeInstanceOf(SilentZeroError);
    expect((error as SilentZeroError).message).toMatch(/SILENT ZEROS: 3 window\(s\).*canary query "#fyp"/);
    expect(progress.at(-1)).toMatchObject({ phase: "incomplete", windowsDone: 0 });
    expect(progress.at(-1)?.silentZeros).toHaveLength(3);
    expect(progress.some((p) => p.phase === "completed")).toBe(false);
    expect(logger.text()).toContain("SILENT ZEROS");

    // The outage is over: the same run collects the windows it could not (they were not marked complete).
    emulator.setFaults({});
    const again = await drain(collector.collectByTerms(QUERY, { runId: "outage" }));
    expect(again.error).toBeUndefined();
    expect(again.records.length).toBeGreaterThan(20);
  });

  it("flags the outage without a canary when the query's own history expected many records", async () => {
    const { collector } = emulatorCollector(emulator);
    const healthy = await drain(collector.collectByTerms(QUERY, { runId: "history-1" }));
    expect(healthy.error).toBeUndefined();
    expect(healthy.records.length).toBeGreaterThan(20);
    emulator.setFaults({ silentZeroRate: 1 });
    const { error } = await drain(collector.collectByTerms(QUERY, { runId: "history-2" }));
    expect(error).toBeInstanceOf(SilentZeroError);
    expect((error as SilentZeroError).silentZeros.every((z) => z.reason === "expected")).toBe(true);
  });

  it("a real absence (no match in a healthy API) is not flagged when the canary succeeds", async () => {
    const { collector } = emulatorCollector(emulator, { canary: "#fyp" });
    const progress: Progress[] = [];
    const { records, error } = await drain(
      collector.collectByTerms(ABSENT, { runId: "absent", onProgress: (p) => progress.push(p) }),
    );
    expect(error).toBeUndefined();
    expect(records).toEqual([]);
    expect(progress.at(-1)?.phase).toBe("completed");
    expect(emulator.stats().faults.silentZero).toBe(0);
  });
});

describe("uncertain languages", () => {
  it("languageMinConfidence drops records detected as wanted but unsure, counted apart per language", async () => {
    const { collector } = emulatorCollector(emulator);
    const base = { terms: ["klima", "#dkpol"], since: "2026-09-01", until: "2026-09-15", languages: ["da"] };
    const dropped: Record<string, number> = {};
    const all = await drain(collector.collectByTerms(base, { runId: "lang-all" }));
    const strict = await drain(
      collector.collectByTerms(
        { ...base, languageMinConfidence: 0.9 },
        {
          runId: "lang-strict",
          beforeCheckpoint: (page) => {
            for (const [k, n] of Object.entries(page.dropped ?? {})) dropped[k] = (dropped[k] ?? 0) + n;
          },
        },
      ),
    );
    expect(all.error).toBeUndefined();
    expect(strict.error).toBeUndefined();
    const unsure = all.records.filter((r) => (r.raw_metadata.language_confidence as number) < 0.9);
    expect(unsure.length).toBeGreaterThan(0);
    expect(dropped["da (uncertain)"]).toBe(unsure.length);
    expect(strict.records.length).toBe(all.records.length - unsure.length);
    expect(strict.records.every((r) => (r.raw_metadata.language_confidence as number) >= 0.9)).toBe(true);
  });
});

describe("the API's known shifts", () => {
  it("windows after today minus the ingestion lag are left for a later run, with the lag as the reason", async () => {
    // The emulator's now is 2026-11-24T10:00: with the default 10-day lag, windows ending after
    // 2026-11-14T10:00 wait (the last 7-day window, 11-14..11-21).
    const { collector, logger, checkpoints } = emulatorCollector(emulator);
    const query = { terms: ["klima", "#dkpol"], since: "2026-10-24", until: "2026-11-21", regions: ["DK"] };
    const { records, error } = await drain(collector.collectByTerms(query, { runId: "lag" }));
    expect(error).toBeInstanceOf(WindowsDeferredError);
    const deferred = error as WindowsDeferredError;
    expect(deferred.deferred.map((w) => w.since.slice(0, 10))).toEqual(["2026-11-14"]);
    expect(deferred.message).toContain("ingests videos with a lag");
    expect(deferred.message).toContain("8–10 days measured in March 2026");
    expect(logger.text()).toContain("the range ends within the ingestion lag");
    expect(records.every((r) => (r.published_at ?? "") < "2026-11-14")).toBe(true);
    expect(records.length).toBeGreaterThan(0);
    // Twelve days later the same run collects that window, and only it.
    const later = emulatorCollector(emulator, {
      checkpoints,
      clock: { now: () => EMULATOR_NOW + 12 * 86_400_000 },
    });
    const resumed = await drain(later.collector.collectByTerms(query, { runId: "lag" }));
    expect(resumed.error).toBeUndefined();
    expect(resumed.records.every((r) => (r.published_at ?? "") >= "2026-11-14")).toBe(true);
  });

  it("every record carries the collection rules; a range spanning 2026-02-26 warns of the rule change", async () => {
    const { collector, logger } = emulatorCollector(emulator, { ingestionLagDays: 0 });
    const query = { terms: ["#dkpol"], since: "2026-02-20", until: "2026-03-05", maxResults: 40 };
    const { records, error } = await drain(collector.collectByTerms(query, { runId: "rules" }));
    expect(error).toBeUndefined();
    expect(records.length).toBeGreaterThan(0);
    expect(logger.text()).toContain(
      "the range spans 2026-02-26, when TikTok changed the Research API's eligibility rules",
    );
    for (const r of records) {
      expect(r.raw_metadata.collection_rules).toEqual({
        eligibility: "since-2026-02-26",
        ingestion_lag_days: 0,
        api: `${emulator.url}/v2/research/`,
        published_since_rule_change: (r.published_at ?? "") >= "2026-02-26",
      });
      expect(typeof r.raw_metadata.language_margin).toBe("number");
      expect("language_runner_up" in r.raw_metadata).toBe(true);
    }
  });
});
