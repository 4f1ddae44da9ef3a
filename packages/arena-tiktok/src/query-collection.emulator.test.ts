// collectByQuery (Research API query objects as they are: music_id, video_length, NOT username, …)
// against the local emulator: the exact set of its ground truth, and the cost history that
// estimateQueryCost reads afterwards.
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VideoQuery } from "./query/conditions.js";
import { drain, emulatorCollector, startTestEmulator } from "./test-support/emulator-harness.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const cond = (field_name: string, operation: string, field_values: string[]) =>
  ({ field_name, operation, field_values }) as NonNullable<VideoQuery["and"]>[number];

describe("collectByQuery against the emulator", () => {
  it("collects exactly the ground truth of each query (exact string IDs); the estimate then comes from its history", async () => {
    const { corpus } = emulator;
    const inRange = corpus.videos.filter(
      (v) => v.createDate >= 20260901 && v.createDate <= 20260914 && corpus.isVisible(v),
    );
    const sound = inRange[0]!;
    const byMusic: VideoQuery = { and: [cond("music_id", "EQ", [sound.musicId])] };
    const shortNotOne: VideoQuery = {
      and: [cond("video_length", "IN", ["SHORT"]), cond("region_code", "IN", ["DK"])],
      not: [cond("username", "EQ", [sound.username])],
    };
    const truth = new Set([
      ...corpus.videoIdsMatching(byMusic, "20260901", "20260914"),
      ...corpus.videoIdsMatching(shortNotOne, "20260901", "20260914"),
    ]);
    expect(truth.size).toBeGreaterThan(20);
    const input = {
      queries: [
        { label: "sound", query: byMusic },
        { label: "short", query: shortNotOne },
      ],
      since: "2026-09-01",
      until: "2026-09-15",
    };
    const { collector } = emulatorCollector(emulator, { windowDays: 7 });
    const before = await collector.estimateQueryCost(input);
    expect(before).toMatchObject({ basis: "partitions", partitions: 2, windows: 2 });
    expect(collector.stats.requests).toBe(0);

    const { records, error } = await drain(collector.collectByQuery(input, { runId: "conditions" }));
    expect(error).toBeUndefined();
    const ids = records.map((r) => r.platform_id);
    for (const id of ids) expect(id).toMatch(/^\d{19}$/);
    expect(new Set(ids)).toEqual(truth);
    expect(records.find((r) => r.platform_id === sound.id)?.raw_metadata.music_id).toBe(sound.musicId);

    const after = await collector.estimateQueryCost(input);
    expect(after.basis).toBe("history");
    // The same queries over the same range: the requests the run took.
    expect(after.requests.expected).toBe(collector.stats.requests);
  });
});
