/**
 * Quota efficiency: whole collections against the emulator, without and with injected faults. The
 * figure is requests spent ÷ the minimum possible = the pages a fault-free crawl needs + one request per
 * fault the emulator injected (each one forces exactly one more request). 1.00 means no request was
 * wasted: no page fetched twice, no retry of a permanent error, no window restarted.
 *
 *   node --import tsx bench/quota-efficiency.bench.ts
 */
import type { TermsQueryInput } from "@observatory/arena-core";
import type { Emulator, FaultOptions } from "@observatory/tiktok-emulator";
import { type BenchResult, type BenchRow, isMain, printResult } from "../../../bench/bench-result.js";
import {
  drain,
  emulatorCollector,
  pagesNeeded,
  startTestEmulator,
  truthFor,
} from "../src/test-support/emulator-harness.js";

/** A bigger corpus than the default, so that the ratio resolves 1 %: over a thousand pages. */
const VIDEOS = 150_000;

const QUERY: TermsQueryInput = {
  terms: ["klima", "#dkpol", "valg", "#sundhed", "bolig"],
  since: "2025-12-01",
  until: "2026-11-15",
};

/** Faults that each cost one request (the emulator counts 401s, but the API does not charge them). */
const COSTLY = [
  "internalError",
  "searchIdInvalid",
  "invalidCursor",
  "gatewayTimeout",
  "connectionReset",
] as const;

const FAULTS: FaultOptions = {
  internalErrorRate: 0.05,
  searchIdInvalidRate: 0.05,
  invalidCursorRate: 0.05,
  gatewayTimeoutRate: 0.03,
  connectionResetRate: 0.03,
  searchIdChangeRate: 0.1,
  emptyPageRate: 0.03,
  tokenRevokeRate: 0.01,
  revokeTokenAfter: 40,
  faultSeed: 8,
};

interface Outcome {
  pages: number;
  faults: number;
  tokenRevoked: number;
  sent: number;
  charged: number;
  exact: boolean;
  records: number;
}

async function collect(emulator: Emulator, runId: string, faults: FaultOptions): Promise<Outcome> {
  emulator.setFaults({});
  emulator.resetStats();
  const pages = pagesNeeded(emulator, QUERY);
  emulator.setFaults(faults);
  const { collector } = emulatorCollector(emulator);
  const { records, error } = await drain(collector.collectByTerms(QUERY, { runId }));
  if (error) throw error;
  emulator.setFaults({});
  const stats = emulator.stats();
  const faultCount = COSTLY.reduce((n, kind) => n + (stats.faults[kind] ?? 0), 0);
  // Exact: everything live at the end was collected once; anything else collected was deleted by an
  // empty page after it was served (a mid-crawl deletion).
  const truth = new Set(truthFor(emulator, QUERY));
  const hidden = new Set(stats.hiddenVideoIds);
  const ids = records.map((r) => r.platform_id);
  const unique = new Set(ids);
  const exact =
    unique.size === ids.length &&
    [...truth].every((id) => unique.has(id)) &&
    ids.every((id) => truth.has(id) || hidden.has(id));
  return {
    pages,
    faults: faultCount,
    tokenRevoked: stats.faults.tokenRevoked ?? 0,
    sent: collector.stats.requests,
    charged: Object.values(stats.quota).reduce((n, q) => n + q.research.requests, 0),
    exact,
    records: records.length,
  };
}

export async function run(): Promise<BenchResult> {
  const emulator = await startTestEmulator({
    corpus: { videos: VIDEOS },
    quota: { research: { requests: 1_000_000, records: 1e9 } },
  });
  try {
    const clean = await collect(emulator, "efficiency-clean", {});
    const faulty = await collect(emulator, "efficiency-faults", FAULTS);
    const ratio = (o: Outcome) => o.charged / (o.pages + o.faults);
    const rows: BenchRow[] = [
      {
        metric: "no faults: requests charged ÷ pages needed",
        value: ratio(clean).toFixed(3),
        unit: "×",
        goal: "1.00",
        pass: clean.charged === clean.pages && clean.exact,
      },
      { metric: "no faults: pages needed / requests charged", value: `${clean.pages} / ${clean.charged}` },
      {
        metric: "faults: requests charged ÷ (pages needed + faults injected)",
        value: ratio(faulty).toFixed(3),
        unit: "×",
        goal: "≤ 1.01",
        pass: ratio(faulty) <= 1.01 && faulty.exact,
      },
      {
        metric: "faults: pages + faults / requests charged",
        value: `${faulty.pages} + ${faulty.faults} / ${faulty.charged}`,
      },
      {
        metric: "faults: requests sent (incl. 401s of revoked tokens, not charged)",
        value: `${faulty.sent} (${faulty.tokenRevoked} × 401)`,
      },
      {
        metric: "records collected exactly (no faults / faults)",
        value: `${clean.exact ? "yes" : "NO"} (${clean.records}) / ${faulty.exact ? "yes" : "NO"} (${faulty.records})`,
        goal: "yes",
        pass: clean.exact && faulty.exact,
      },
    ];
    return {
      name: "Quota efficiency (collections against the emulator)",
      rows,
      notes: [
        `query: ${QUERY.terms?.join(" OR ")}, ${QUERY.since}..${QUERY.until}, 7-day windows, 100 per page; emulator seed 7, ${VIDEOS.toLocaleString("en")} videos`,
        `faults: ${Object.entries(FAULTS)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
        "charged = research requests the emulator counted against the quota (401s are not charged, as on the API)",
      ],
    };
  } finally {
    await emulator.close();
  }
}

if (isMain(import.meta.url)) printResult(await run());
