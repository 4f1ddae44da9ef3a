import { afterEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../emulator.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function living(now: { t: number }) {
  emulator = await startEmulator({
    seed: 5,
    corpus: { videos: 3_000, start: "2026-08-01", end: "2026-10-31" },
    clock: { now: () => now.t },
    ingestionLagDays: 1,
    living: { maxIngestionLagDays: 8, laterDeletedShare: 0.1, deletedWithinDays: 20 },
  });
  return emulator;
}

describe("living corpus", () => {
  it("each video reaches the API after its own lag, between the minimum and the maximum", async () => {
    const now = { t: Date.parse("2026-09-20T00:00:00Z") };
    const e = await living(now);
    const lags = e.corpus.videos.slice(0, 500).map((v) => e.living?.extraLagSeconds(v.index) ?? -1);
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lags)).toBeLessThanOrEqual(7 * 86_400);
    expect(Math.max(...lags)).toBeGreaterThan(5 * 86_400);
    const v = e.corpus.videos.find(
      (x) => (e.living?.extraLagSeconds(x.index) ?? 0) > 4 * 86_400 && !x.deleted,
    );
    if (!v) throw new Error("no late video in the corpus");
    const visibleAt = (e.living?.visibleAt(v.index) ?? 0) * 1000;
    expect(e.corpus.isVisible(v, false, Math.floor((visibleAt - 1000) / 1000))).toBe(false);
    expect(e.corpus.isVisible(v, false, Math.floor((visibleAt + 1000) / 1000))).toBe(true);
    // The search (what the API serves) agrees with isVisible at the clock's now.
    now.t = visibleAt - 60_000;
    const day = new Date(v.createTime * 1000).toISOString().slice(0, 10).replaceAll("-", "");
    const q = { and: [{ field_name: "video_id", operation: "IN", field_values: [v.id] }] };
    expect(e.corpus.videoIdsMatching(q, day, day)).toEqual([]);
    // The API's cached search: asked before the video arrived, asked again after it arrived.
    const range = {
      startSeconds: v.createTime - (v.createTime % 86_400),
      endSeconds: v.createTime - (v.createTime % 86_400) + 86_400,
      spanDays: 1,
    };
    expect(e.corpus.matchIndicesCached(q as never, range, Math.floor(now.t / 1000))).toEqual([]);
    now.t = visibleAt + 60_000;
    expect(e.corpus.videoIdsMatching(q, day, day)).toEqual([v.id]);
    expect(e.corpus.matchIndicesCached(q as never, range, Math.floor(now.t / 1000))).toEqual([v.index]);
  });

  it("deletes or privates some videos after they became visible, as time passes", async () => {
    const now = { t: Date.parse("2026-08-01T00:00:00Z") };
    const e = await living(now);
    expect(e.living?.advance(now.t / 1000)).toEqual([]);
    const later = Date.parse("2026-09-15T00:00:00Z");
    const applied = e.living?.advance(later / 1000) ?? [];
    expect(applied.length).toBeGreaterThan(50);
    for (const d of applied.slice(0, 50)) {
      expect(d.at).toBeGreaterThan(e.living?.visibleAt(d.index) ?? 0);
      expect(e.corpus.video(d.id)?.deleted).toBe(true);
    }
    expect(new Set(applied.map((d) => d.kind))).toEqual(new Set(["deleted", "private"]));
    expect(e.living?.deletions).toHaveLength(applied.length);
  });
});
