import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadWindowErrorRate, drawLatency } from "./broad-windows.js";
import { matchesPerDay } from "./corpus/matches-per-day.js";
import { type Emulator, startEmulator } from "./emulator.js";
import { Rng } from "./random/prng.js";
import { ApiClient, type Loose, TestClock, videoQuery } from "./test-support.js";

let emulator: Emulator;
let api: ApiClient;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: 21,
    clock: new TestClock(),
    corpus: { videos: 6_000 },
    quota: { research: { requests: 100_000 } },
  });
  api = new ApiClient(emulator.url);
  await api.login();
});
afterAll(() => emulator.close());

const DK = { or: [{ field_name: "region_code", operation: "EQ", field_values: ["DK"] }] };

describe("the broad-window model", () => {
  it("fails more the more results and days a window has; never an empty or a one-day window of a few", () => {
    expect(broadWindowErrorRate({}, 0, 30)).toBe(0);
    expect(broadWindowErrorRate({}, 60_000, 30)).toBeGreaterThan(0.5);
    expect(broadWindowErrorRate({}, 60_000, 30)).toBeGreaterThan(broadWindowErrorRate({}, 6_000, 30));
    expect(broadWindowErrorRate({}, 6_000, 30)).toBeGreaterThan(broadWindowErrorRate({}, 6_000, 3));
    expect(broadWindowErrorRate({}, 50, 1)).toBeLessThan(0.001);
  });

  it("a broad window's request fails with a charged 500; the same query in narrow windows does not", async () => {
    emulator.setFaults({ broadWindows: { maxErrorRate: 1, resultsScale: 1 }, faultSeed: 3 });
    emulator.resetStats();
    const broad = await api.post(
      "video/query/",
      videoQuery({ query: DK, start_date: "20260901", end_date: "20260930" }),
      "id",
    );
    expect(broad.status).toBe(500);
    expect((broad.json as Loose).error.code).toBe("internal_error");
    expect(emulator.stats().faults.broadWindowError).toBe(1);
    expect(emulator.stats().quota["demo-client-key"]?.research.requests).toBe(1);
    emulator.setFaults({ broadWindows: { maxErrorRate: 0.5, resultsScale: 1_000_000 }, faultSeed: 3 });
    for (let day = 1; day <= 9; day++) {
      const narrow = await api.post(
        "video/query/",
        videoQuery({
          query: DK,
          start_date: `202609${String(day).padStart(2, "0")}`,
          end_date: `202609${String(day + 1).padStart(2, "0")}`,
        }),
        "id",
      );
      expect(narrow.status).toBe(200);
    }
    emulator.setFaults({});
  });

  it("the broadest windows time out: a 504 from the gateway after the (scaled) delay", async () => {
    emulator.setFaults({
      broadWindows: { maxErrorRate: 1, resultsScale: 1, timeoutResults: 1, timeoutDelayMs: 60 },
    });
    const started = Date.now();
    const reply = await api.post(
      "video/query/",
      videoQuery({ query: DK, start_date: "20260901", end_date: "20260930" }),
      "id",
    );
    expect(reply.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(emulator.stats().faults.broadWindowTimeout).toBe(1);
    emulator.setFaults({});
  });

  it("latency with a tail keeps its mean", () => {
    const rng = new Rng(5, "latency");
    let sum = 0;
    const draws = Array.from({ length: 20_000 }, () => drawLatency(20, rng));
    for (const d of draws) sum += d;
    expect(sum / draws.length).toBeGreaterThan(19);
    expect(sum / draws.length).toBeLessThan(21);
    expect(Math.max(...draws)).toBeGreaterThan(3 * Math.min(...draws));
  });
});

describe("matchesPerDay", () => {
  it("counts a query's result set per day, adding up to the API's result sets over the range", () => {
    const since = new Date("2026-08-01T00:00:00Z");
    const until = new Date("2026-09-30T00:00:00Z");
    const days = matchesPerDay(emulator.corpus, DK as never, since, until);
    expect(days).toHaveLength(60);
    const inclusive = emulator.corpus.settings.endDateInclusive;
    const total =
      emulator.corpus.matchVideos(DK as never, "20260801", inclusive ? "20260830" : "20260831").length +
      emulator.corpus.matchVideos(DK as never, "20260831", inclusive ? "20260929" : "20260930").length;
    expect(days.reduce((a, b) => a + b, 0)).toBe(total);
    expect(total).toBeGreaterThan(0);
  });
});
