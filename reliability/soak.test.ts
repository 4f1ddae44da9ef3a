/**
 * Soak: a 30-day collection on the emulator's clock. One manual clock drives the emulator and the
 * collector; every request takes ten simulated minutes. A host loop wakes every three hours: it
 * refreshes the engagement of the videos that are due (10–15 days old, `selectDueForRefresh` +
 * `refreshEngagement`), then collects each posting day once it is fully ingested (three days later).
 * The daily quota is small (3 requests), so the collection pauses on 429s and resumes after UTC
 * midnight; access tokens live two hours, so they expire again and again. At the end: every matching
 * video of the 30 days collected exactly once, each refreshed exactly once between 10 and 15 days
 * after it was posted, with the counts the emulator shows at that moment.
 */
import {
  type ContentRecord,
  DAY_MS,
  ManualClock,
  QuotaExhaustedError,
  type TermsQueryInput,
} from "@observatory/arena-core";
import { selectDueForRefresh } from "@observatory/arena-tiktok";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveArtifact, saveError } from "./support/artifacts.js";
import { drain, type SuiteCollector, suiteCollector } from "./support/collector.js";
import { startSuiteEmulator } from "./support/emulator.js";
import { recordSection } from "./support/results.js";
import { SUITE_CLIENT } from "./support/suite-client.js";
import { compareWithTruth, truthFor } from "./support/truth.js";

const HOUR = 3_600_000;
const TERMS = ["klima", "#dkpol", "valg"];
const FIRST_DAY = Date.parse("2026-09-01T00:00:00Z");
const POSTING_DAYS = 30;
/** Long enough for the last posting day's videos to reach 15 days. */
const SOAK_DAYS = POSTING_DAYS + 17;
const DAILY_REQUESTS = 3;
const TICK = 3 * HOUR;
const REQUEST_TAKES = 10 * 60_000;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayQuery = (day: number): TermsQueryInput => ({
  terms: TERMS,
  since: isoDay(FIRST_DAY + day * DAY_MS),
  until: isoDay(FIRST_DAY + (day + 1) * DAY_MS),
});

let emulator: Emulator;
let clock: ManualClock;
let host: SuiteCollector;

beforeAll(async () => {
  clock = new ManualClock(FIRST_DAY + HOUR);
  emulator = await startSuiteEmulator({
    clock,
    tokenTtlSeconds: 7_200,
    quota: { research: { requests: DAILY_REQUESTS, records: 100_000 } },
  });
  const fetchTakingTime: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const body = await response.arrayBuffer();
    clock.advance(REQUEST_TAKES);
    return new Response(body, { status: response.status, headers: response.headers });
  };
  host = suiteCollector(emulator, "soak", {
    clock,
    // The host collects each posting day three days later, past the emulator's two-day ingestion lag.
    ingestionLagDays: 2,
    fetch: fetchTakingTime,
    sleep: async (ms) => {
      clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
});
afterAll(async () => {
  host?.save();
  await emulator?.close();
});

describe(`soak: a ${POSTING_DAYS}-day collection on the emulator's clock`, () => {
  it("collects every video once, refreshes each once at 10–15 days, across quota pauses and token expiries", async () => {
    const { collector } = host;
    const store = new Map<string, ContentRecord>();
    const collected: string[] = [];
    const refreshCounts = new Map<string, number>();
    const missing: string[] = [];
    const done = new Set<number>();
    const pauses: { at: number; resumeAt: number }[] = [];
    let pausedUntil = 0;
    let refreshRequests = 0;

    const pause = (error: QuotaExhaustedError) => {
      pausedUntil = Date.parse(error.resumeAt);
      pauses.push({ at: clock.now(), resumeAt: pausedUntil });
    };

    const end = FIRST_DAY + SOAK_DAYS * DAY_MS;
    while (clock.now() < end) {
      const tickStart = clock.now();
      if (tickStart >= pausedUntil) {
        // Engagement first: it has a deadline (15 days), the collection has none.
        const due = selectDueForRefresh(store.values(), clock.now());
        if (due.length) {
          const result = await collector.refreshEngagement(due, { runId: `refresh-${tickStart}` });
          refreshRequests += result.requests;
          for (const record of result.updated) {
            store.set(record.platform_id, record);
            refreshCounts.set(record.platform_id, (refreshCounts.get(record.platform_id) ?? 0) + 1);
          }
          missing.push(...result.missing);
          expect(result.failures).toEqual([]);
          if (result.paused) {
            pausedUntil = Date.parse(result.paused.resumeAt);
            pauses.push({ at: clock.now(), resumeAt: pausedUntil });
          }
        }
      }
      for (let day = 0; day < POSTING_DAYS && clock.now() >= pausedUntil; day++) {
        // A posting day is fully ingested (2-day lag) at the start of the third day after it.
        if (done.has(day) || clock.now() < FIRST_DAY + (day + 3) * DAY_MS) continue;
        const { records, error } = await drain(
          `soak-day-${day}`,
          collector.collectByTerms(dayQuery(day), { runId: `soak-day-${day}` }),
        );
        for (const record of records) {
          collected.push(record.platform_id);
          store.set(record.platform_id, record);
        }
        if (error === undefined) done.add(day);
        else if (error instanceof QuotaExhaustedError) pause(error);
        else {
          saveError("soak-unexpected", error);
          throw error;
        }
      }
      clock.set(Math.max(clock.now(), tickStart + TICK));
    }
    saveArtifact("soak-records", [...store.values()].map((r) => JSON.stringify(r)).join("\n"));

    // Every posting day collected, exactly the emulator's truth, nothing twice.
    expect(done.size).toBe(POSTING_DAYS);
    const truth = truthFor(emulator, {
      terms: TERMS,
      since: isoDay(FIRST_DAY),
      until: isoDay(FIRST_DAY + POSTING_DAYS * DAY_MS),
    });
    expect(compareWithTruth(collected, truth)).toEqual([]);
    expect(truth.size).toBeGreaterThan(300);

    // Every video refreshed exactly once, 10–15 days after posting, with the counts the API showed then.
    expect(missing).toEqual([]);
    const ages: number[] = [];
    for (const record of store.values()) {
      expect(refreshCounts.get(record.platform_id), record.platform_id).toBe(1);
      const refreshedAt = Date.parse(String(record.raw_metadata.engagement_refreshed_at));
      const age = (refreshedAt - Date.parse(record.published_at!)) / DAY_MS;
      ages.push(age);
      expect(age).toBeGreaterThanOrEqual(10);
      expect(age).toBeLessThanOrEqual(15);
      const video = emulator.corpus.video(record.platform_id)!;
      const shown = emulator.corpus.engagementOf(video, Math.floor(refreshedAt / 1000));
      expect([record.views_count, record.likes_count, record.comments_count, record.shares_count]).toEqual([
        shown.view_count,
        shown.like_count,
        shown.comment_count,
        shown.share_count,
      ]);
      expect(record.raw_metadata.engagement_previous).toBeDefined();
    }

    // The quota ran out again and again, and every pause lasted until the next UTC midnight.
    expect(pauses.length).toBeGreaterThanOrEqual(10);
    for (const p of pauses) {
      expect(p.resumeAt % DAY_MS).toBe(0);
      expect(p.resumeAt - p.at).toBeLessThanOrEqual(DAY_MS);
    }
    // Tokens expired every two hours of simulated time: many were issued, and none was lost mid-run.
    const stats = emulator.stats();
    const tokens = collector.stats.tokenRequests;
    expect(tokens).toBeGreaterThanOrEqual(SOAK_DAYS);
    expect(stats.tokenRequests).toBe(tokens);

    recordSection({
      section: "soak",
      summary: `${SOAK_DAYS} simulated days (${POSTING_DAYS} posting days): ${truth.size} videos collected exactly once, each refreshed once at ${Math.min(...ages).toFixed(1)}–${Math.max(...ages).toFixed(1)} days`,
      rows: [
        {
          figure: "simulated days (host loop every 3 h, 10 simulated minutes per request)",
          value: SOAK_DAYS,
        },
        { figure: "videos collected (= emulator truth, none twice)", value: truth.size },
        {
          figure: "engagement refreshes (each video once, counts = the API's at that time)",
          value: store.size,
        },
        { figure: "age at refresh, min / median / max (days)", value: ageSummary(ages) },
        { figure: "quota pauses (429 → resume after 00:00 UTC)", value: pauses.length },
        { figure: "daily research quota (requests)", value: DAILY_REQUESTS },
        {
          figure: "research requests: collection + refresh",
          value: `${collector.stats.requests - refreshRequests} + ${refreshRequests}`,
        },
        { figure: "access tokens issued (2 h lifetime)", value: tokens },
        { figure: "tokens rejected mid-run and refreshed (401)", value: collector.stats.refreshes },
        { figure: "client", value: SUITE_CLIENT.clientKey },
      ],
    });
  });
});

function ageSummary(ages: number[]): string {
  const sorted = [...ages].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `${at(0)} / ${at(0.5)} / ${at(1)}`;
}
