import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../emulator.js";
import { ApiClient, type Loose, TestClock } from "../test-support.js";

let emulator: Emulator;
let api: ApiClient;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 13, clock: new TestClock(), corpus: { videos: 8_000 } });
  api = new ApiClient(emulator.url);
  await api.login();
});
afterAll(() => emulator.close());

describe("POST /v2/research/playlist/info/", () => {
  it("returns the playlist and pages its video ids with an index cursor, ids as bare numbers", async () => {
    const playlist = emulator.corpus.playlists.find((p) => emulator.corpus.playlistVideos(p).length > 12)!;
    const truth = emulator.corpus.playlistVideos(playlist);
    const first = await api.post("playlist/info/", `{"playlist_id":${playlist.id},"max_count":10}`);
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/"playlist_id":\d{19},/);
    expect(first.text).toMatch(/"playlist_video_ids":\[\d{19}/);
    const data = (first.json as Loose).data;
    expect(String(data.playlist_id)).toBe(playlist.id);
    expect(data.playlist_name).toBe(playlist.name);
    expect(data.playlist_item_total).toBe(truth.length);
    expect(data.playlist_last_updated).toBe(Math.max(...truth.map((v) => v.createTime)));
    expect(data.has_more).toBe(true);
    const rest = await api.post("playlist/info/", {
      playlist_id: playlist.id,
      cursor: data.cursor,
      max_count: 100,
    });
    const ids = [...data.playlist_video_ids, ...(rest.json as Loose).data.playlist_video_ids].map(String);
    expect(ids).toEqual(truth.map((v) => v.id));
    expect((rest.json as Loose).data.has_more).toBe(false);
  });

  it("selects fields when given and 400s for unknown playlists", async () => {
    const playlist = emulator.corpus.playlists[0]!;
    const reply = await api.post("playlist/info/", { playlist_id: playlist.id }, "playlist_name");
    expect(Object.keys((reply.json as Loose).data)).toEqual(["playlist_name", "cursor", "has_more"]);
    const unknown = await api.post("playlist/info/", { playlist_id: "7000000000000000001" });
    expect(unknown.status).toBe(400);
    expect((unknown.json as Loose).error.code).toBe("invalid_params");
  });
});
