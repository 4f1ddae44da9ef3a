import { describe, expect, it } from "vitest";
import { parseApiJson } from "../http/lossless-json.js";
import { apiVideoSchema } from "./video-query.js";

const API_VIDEO = parseApiJson(
  '{"id":7581639877037671853,"video_description":"Hygge i regnvejr #fyp","create_time":1765238092,' +
    '"region_code":"DK","share_count":1,"view_count":103,"like_count":7,"comment_count":0,' +
    '"music_id":7581639878365827859,"hashtag_names":["fyp"],"username":"someone","effect_ids":[12, "7301234567890123456"],' +
    '"favorites_count":1,"video_duration":28.5,"voice_to_text":"hej","playlist_id":42,"is_stem_verified":false,' +
    '"video_label":{"content":"x"}}',
) as Record<string, unknown>;

describe("apiVideoSchema", () => {
  it("reads a video as the API sends it: exact IDs as strings, counts as numbers, unknown fields kept", () => {
    const video = apiVideoSchema.parse(API_VIDEO);
    expect(video.id).toBe("7581639877037671853");
    expect(video.music_id).toBe("7581639878365827859");
    expect(video.effect_ids).toEqual(["12", "7301234567890123456"]);
    expect(video.view_count).toBe(103);
    expect((video as Record<string, unknown>).video_label).toEqual({ content: "x" });
    const minimal = apiVideoSchema.parse({ video_id: "7301234567890123456", create_time: "1765238092" });
    expect(minimal).toMatchObject({ video_id: "7301234567890123456", create_time: 1765238092 });
  });

  it("names what is wrong with an invalid video", () => {
    const result = apiVideoSchema.safeParse({ create_time: 1 }, { reportInput: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("a video without id");
    expect(apiVideoSchema.safeParse({ id: "1", create_time: "soon" }).success).toBe(false);
  });
});
