/**
 * Fault matrix: every fault the emulator can inject, alone and combined, at high rates, and a spent
 * quota. Each collection either completes with the exact expected record set, or ends in a typed
 * error (an ArenaError: a quota pause, windows given up, a refused credential) from which the same
 * runId resumes and completes exactly — never a silent partial success. The table (fault × outcome × extra requests)
 * is printed at the end of the suite and written to reliability/results.json.
 */
import { type ArenaError, isArenaError, ManualClock, type TermsQueryInput } from "@observatory/arena-core";
import type { Emulator, EmulatorOptions, FaultOptions } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drain, suiteCollector } from "./support/collector.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { type ResultRow, recordSection } from "./support/results.js";
import { SUITE_CLIENT } from "./support/suite-client.js";
import { compareWithTruth, pagesNeeded, truthFor } from "./support/truth.js";

const QUERY: TermsQueryInput = {
  terms: ["klima", "#dkpol", "valg"],
  since: "2026-08-01",
  until: "2026-10-01",
};

/** Faults that cost the quota one request each (401s are not charged). */
const CHARGED = ["internalError", "searchIdInvalid", "invalidCursor", "gatewayTimeout", "connectionReset"];

interface Scenario {
  fault: string;
  faults: FaultOptions;
  /** A spent quota: the emulator's daily limit (429), or the collector's own ledger. */
  quota?: { api?: number; ledger?: number };
  /** The first run must end in an error of this name (the fault makes completion impossible). */
  expectError?: string;
}

const ALL_HIGH: FaultOptions = {
  internalErrorRate: 0.15,
  searchIdInvalidRate: 0.2,
  invalidCursorRate: 0.2,
  gatewayTimeoutRate: 0.1,
  connectionResetRate: 0.1,
  slowMs: 5,
  slowRate: 0.2,
  tokenRevokeRate: 0.05,
  revokeTokenAfter: 7,
  searchIdChangeRate: 0.3,
  emptyPageRate: 0.15,
  persistentErrorWindows: [{ start: "20260810", end: "20260825", maxDays: 3 }],
};

const SCENARIOS: Scenario[] = [
  { fault: "none", faults: {} },
  { fault: "internalError", faults: { internalErrorRate: 0.3 } },
  { fault: "searchIdInvalid", faults: { searchIdInvalidRate: 0.5 } },
  { fault: "invalidCursor", faults: { invalidCursorRate: 0.5 } },
  { fault: "gatewayTimeout", faults: { gatewayTimeoutRate: 0.3 } },
  { fault: "slow", faults: { slowMs: 15, slowRate: 0.5 } },
  { fault: "tokenRevoke", faults: { tokenRevokeRate: 0.3 } },
  { fault: "revokeTokenAfter", faults: { revokeTokenAfter: 2 } },
  { fault: "searchIdChange", faults: { searchIdChangeRate: 0.6 } },
  { fault: "emptyPage", faults: { emptyPageRate: 0.3 } },
  { fault: "connectionReset", faults: { connectionResetRate: 0.3 } },
  {
    fault: "persistentErrorWindows (split)",
    faults: { persistentErrorWindows: [{ start: "20260805", end: "20260920", maxDays: 2 }] },
  },
  {
    fault: "persistentErrorWindows (never succeeds)",
    faults: { persistentErrorWindows: [{ start: "20260901", end: "20260910", maxDays: 0 }] },
    expectError: "IncompleteCollectionError",
  },
  { fault: "spent quota (API 429)", faults: {}, quota: { api: 7 }, expectError: "QuotaExhaustedError" },
  { fault: "spent quota (own ledger)", faults: {}, quota: { ledger: 7 }, expectError: "QuotaExhaustedError" },
  {
    fault: "internalError + invalidCursor + emptyPage",
    faults: { internalErrorRate: 0.25, invalidCursorRate: 0.3, emptyPageRate: 0.2 },
  },
  {
    fault: "searchIdInvalid + searchIdChange + revokeTokenAfter",
    faults: { searchIdInvalidRate: 0.4, searchIdChangeRate: 0.5, revokeTokenAfter: 3 },
  },
  {
    fault: "gatewayTimeout + connectionReset + tokenRevoke",
    faults: { gatewayTimeoutRate: 0.2, connectionResetRate: 0.2, tokenRevokeRate: 0.2 },
  },
  { fault: "all faults, high rates", faults: ALL_HIGH },
  { fault: "all faults + spent quota (API 429)", faults: ALL_HIGH, quota: { api: 9 } },
  {
    fault: "all faults, extreme rates (0.5)",
    faults: {
      internalErrorRate: 0.5,
      searchIdInvalidRate: 0.5,
      invalidCursorRate: 0.5,
      gatewayTimeoutRate: 0.5,
      connectionResetRate: 0.5,
      tokenRevokeRate: 0.5,
      searchIdChangeRate: 0.5,
      emptyPageRate: 0.5,
    },
  },
];

const describeFaults = (f: FaultOptions) =>
  Object.entries(f)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(" ") || "–";

const rows: ResultRow[] = [];
let shared: Emulator;

beforeAll(async () => {
  shared = await startSuiteEmulator({ quota: { research: { requests: 1_000_000, records: 1e9 } } });
});
afterAll(async () => {
  await shared?.close();
  recordSection({
    section: "fault-matrix",
    summary: `${rows.length} scenarios; every collection exact, directly or after resuming a typed error`,
    rows,
  });
});

async function runScenario(index: number, scenario: Scenario): Promise<ResultRow> {
  const name = `fault-${index}`;
  const clock = new ManualClock("2026-11-24T10:00:00Z");
  const ownEmulator = scenario.quota?.api !== undefined;
  const emulatorOptions: EmulatorOptions = {
    clock,
    quota: { research: { requests: scenario.quota?.api ?? 1_000_000, records: 1e9 } },
  };
  const emulator = ownEmulator ? await startSuiteEmulator(emulatorOptions) : shared;
  try {
    emulator.setFaults({});
    emulator.resetStats();
    const pages = pagesNeeded(emulator, QUERY);
    emulator.setFaults({ faultSeed: 1000 + index, ...scenario.faults });
    // One collector (and its state) for the whole scenario: resumes use the same checkpoints and ledger.
    const { collector, save } = suiteCollector(
      emulator,
      name,
      { clock },
      scenario.quota?.ledger ?? 1_000_000,
    );
    const runId = `matrix-${index}`;
    // The emulator counts the quota per UTC day: add up the days a scenario spans.
    let chargedBefore = 0;
    const chargedToday = () => emulator.stats().quota[SUITE_CLIENT.clientKey]?.research.requests ?? 0;
    const first = await drain(`${name}-first`, collector.collectByTerms(QUERY, { runId }));
    const ids = first.records.map((r) => r.platform_id);
    let outcome = "complete";
    let resumes = 0;
    if (first.error !== undefined) {
      // Typed (an ArenaError), never anything else; whether it is resumable, the resume shows.
      expect(isArenaError(first.error), `${scenario.fault}: ${String(first.error)}`).toBe(true);
      const typed = first.error as ArenaError;
      outcome = `${typed.name} (${typed.failureType}${typed.retryable ? ", retryable" : ""}) → resumed`;
      if (scenario.expectError) expect((first.error as Error).name).toBe(scenario.expectError);
      let error: unknown = first.error;
      for (; error !== undefined && resumes < 12; resumes++) {
        if ((error as ArenaError).failureType === "quota") {
          // The pause names when to resume: the next UTC midnight of the clock.
          const resumeAt = Date.parse((error as { resumeAt: string }).resumeAt);
          expect(resumeAt).toBeGreaterThan(clock.now());
          if (ownEmulator) chargedBefore += chargedToday();
          clock.set(resumeAt + 1_000);
        } else {
          emulator.setFaults({});
        }
        const again = await drain(`${name}-resume-${resumes}`, collector.collectByTerms(QUERY, { runId }));
        ids.push(...again.records.map((r) => r.platform_id));
        error = again.error;
        if (error !== undefined) expect(isArenaError(error), String(error)).toBe(true);
      }
      expect(error, `${scenario.fault}: still failing after ${resumes} resumes`).toBeUndefined();
    } else {
      expect(scenario.expectError, `${scenario.fault}: completed although it cannot`).toBeUndefined();
    }
    save();
    const stats = emulator.stats();
    const truth = truthFor(emulator, QUERY);
    const problems = compareWithTruth(ids, truth, new Set(stats.hiddenVideoIds));
    expect(problems, `${scenario.fault}: ${outcome}`).toEqual([]);
    const charged = chargedBefore + chargedToday();
    const injected = CHARGED.reduce((n, kind) => n + (stats.faults[kind] ?? 0), 0);
    const persistent = stats.faults.persistentError ?? 0;
    const faultCounts = Object.entries(stats.faults)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    return {
      fault: scenario.fault,
      outcome,
      exact: problems.length === 0,
      records: ids.length,
      "pages needed": pages,
      "requests charged": charged,
      "extra requests": charged - pages,
      "faults injected": faultCounts || "–",
      "extra not explained by a charged fault": charged - pages - injected - persistent,
    };
  } finally {
    if (ownEmulator) await emulator.close();
  }
}

describe("fault matrix: exact, or a typed resumable error that resumes exactly", () => {
  SCENARIOS.forEach((scenario, index) => {
    it(`${scenario.fault} (${describeFaults(scenario.faults)})`, async () => {
      rows.push(await runScenario(index, scenario));
    });
  });
});
