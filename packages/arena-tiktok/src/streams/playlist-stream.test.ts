import { guardNock } from "@observatory/arena-core/testing";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { apiCall, okEnvelope, parsedBodies } from "../test-support/list-fixtures.js";
import { apiError, collect, testCollector, tokenScope } from "../test-support/nock-api.js";

const PATH = "/v2/research/playlist/info/";
const PLAYLIST = "7212345678901234567";
const videoId = (n: number) => (7301234567890000000n + BigInt(n)).toString();
const playlistPage = (ids: number[], cursor: number, hasMore: boolean) =>
  okEnvelope(
    `{"playlist_id":${PLAYLIST},"playlist_name":"Klimaserien","playlist_item_total":3,` +
      `"playlist_last_updated":1789000000,"playlist_video_ids":[${ids.map(videoId).join(",")}],` +
      `"cursor":${cursor},"has_more":${hasMore}}`,
  );

guardNock(nock);

describe("playlist", () => {
  it("accepts the endpoint's HTTP 500 with an ok envelope as success, and pages with the index cursor", async () => {
    const raw: string[] = [];
    tokenScope();
    apiCall(PATH, raw).reply(500, playlistPage([1, 2], 2, true));
    apiCall(PATH, raw).reply(500, playlistPage([3], 3, false));
    const { collector } = testCollector();
    const stream = collector.playlist(PLAYLIST, { runId: "pl" });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(collector.stats.retries).toBe(0);
    expect(raw[0]).toContain(`"playlist_id":${PLAYLIST}`);
    expect(parsedBodies(raw).map((b) => b.cursor)).toEqual([undefined, 2]);
    expect(items).toEqual([
      expect.objectContaining({ playlist_id: PLAYLIST, video_id: videoId(1), position: 0 }),
      expect.objectContaining({ video_id: videoId(2), position: 1 }),
      expect.objectContaining({
        video_id: videoId(3),
        position: 2,
        playlist_name: "Klimaserien",
        playlist_item_total: 3,
        playlist_last_updated: "2026-09-10T00:26:40.000Z",
      }),
    ]);
    expect(stream.report.outcomes).toEqual([{ target: PLAYLIST, status: "ok", records: 3 }]);
  });

  it("still retries a 500 that carries an error instead of data", async () => {
    tokenScope();
    apiCall(PATH, []).reply(500, apiError("internal_error", "Something went wrong"));
    apiCall(PATH, []).reply(200, playlistPage([1], 1, false));
    const { collector, sleeps } = testCollector();
    const { items } = await collect(collector.playlist([PLAYLIST], { runId: "pl2" }));
    expect(items).toHaveLength(1);
    expect(collector.stats.retries).toBe(1);
    expect(sleeps).toHaveLength(1);
  });

  it("reports a playlist that does not exist", async () => {
    tokenScope();
    apiCall(PATH, []).reply(
      400,
      apiError("invalid_params", `Playlist ${PLAYLIST} is invalid: cannot find the playlist`),
    );
    const { collector } = testCollector();
    const stream = collector.playlist([PLAYLIST], { runId: "pl3" });
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(items).toEqual([]);
    expect(stream.report.outcomes[0]).toMatchObject({ status: "not_found" });
  });
});
