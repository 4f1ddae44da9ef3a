import { describe, expect, it } from "vitest";
import type { CorpusVideo } from "../corpus/types.js";
import { ApiError } from "../http/api-error.js";
import type { JsonValue } from "../json/lossless.js";
import { compileQuery } from "./compile.js";
import { resolveDateRange } from "./date-range.js";

function video(over: Partial<CorpusVideo>): CorpusVideo {
  const description = over.description ?? "Klimarådet siger noget #klima #dkpol";
  return {
    index: 0,
    id: "7575065529234907864",
    createTime: Date.UTC(2026, 8, 10, 12) / 1000,
    createDate: 20260910,
    username: "mette.aarhus",
    regionCode: "DK",
    language: "da",
    description,
    descriptionLower: description.toLowerCase(),
    hashtags: ["klima", "dkpol"],
    mentions: [],
    musicId: "7000000000000000001",
    effects: [{ id: "123456", name: "Green Screen" }],
    stickers: [],
    playlistId: null,
    voiceToText: null,
    isStemVerified: false,
    durationSeconds: 30,
    videoLength: "MID",
    label: null,
    aiGenerated: false,
    deleted: false,
    finalEngagement: { view_count: 1, like_count: 1, share_count: 1, comment_count: 1, favorites_count: 1 },
    ...over,
  };
}

const v = video({});
const other = video({
  id: "7575065529234907999",
  createDate: 20260912,
  username: "lars.kbh",
  regionCode: "SE",
  description: "Elpriserna slår rekord",
  descriptionLower: "elpriserna slår rekord",
  hashtags: [],
  musicId: "7000000000000000002",
  effects: [],
  videoLength: "EXTRA_LONG",
});

function matches(query: JsonValue, target = v): boolean {
  return compileQuery(query, 100)(target);
}
const cond = (field_name: string, operation: string, field_values: JsonValue[]) => ({
  and: [{ field_name, operation, field_values }],
});

describe("compileQuery", () => {
  it.each([
    ["create_date", "EQ", ["20260910"], true],
    ["create_date", "GT", ["20260909"], true],
    ["create_date", "GTE", ["20260910"], true],
    ["create_date", "LT", ["20260910"], false],
    ["create_date", "LTE", ["20260910"], true],
    ["username", "EQ", ["Mette.Aarhus"], true],
    ["username", "IN", ["x", "@mette.aarhus"], true],
    ["username", "GT", ["lars"], true],
    ["region_code", "IN", ["dk", "no"], true],
    ["region_code", "LT", ["DE"], false],
    ["video_id", "EQ", ["7575065529234907864"], true],
    ["video_id", "GT", ["7575065529234907863"], true],
    ["video_id", "LT", ["999999999999999999"], false],
    ["hashtag_name", "EQ", ["#DKPOL"], true],
    ["hashtag_name", "IN", ["fyp"], false],
    ["keyword", "EQ", ["klimarådet"], true],
    ["keyword", "IN", ["nothing", "SIGER NOGET"], true],
    ["keyword", "EQ", ["#klima"], true],
    ["music_id", "EQ", ["7000000000000000001"], true],
    ["music_id", "GTE", ["7000000000000000002"], false],
    ["effect_id", "EQ", ["123456"], true],
    ["effect_id", "GT", ["200000"], false],
    ["video_length", "EQ", ["MID"], true],
    ["video_length", "GT", ["SHORT"], true],
    ["video_length", "GTE", ["LONG"], false],
  ])("%s %s %j → %s", (field, op, values, expected) => {
    expect(matches(cond(field, op, values as JsonValue[]))).toBe(expected);
  });

  it("accepts int64 video ids sent as bare numbers", () => {
    expect(matches(cond("video_id", "EQ", [7575065529234907864n]))).toBe(true);
    expect(matches(cond("video_id", "EQ", [7575065529234907865n]))).toBe(false);
  });

  it("combines and (all), or (any) and not (none)", () => {
    const q = {
      and: [{ field_name: "region_code", operation: "IN", field_values: ["DK", "SE"] }],
      or: [
        { field_name: "hashtag_name", operation: "EQ", field_values: ["klima"] },
        { field_name: "keyword", operation: "EQ", field_values: ["elpriserna"] },
      ],
      not: [{ field_name: "username", operation: "EQ", field_values: ["lars.kbh"] }],
    };
    expect(matches(q, v)).toBe(true);
    expect(matches(q, other)).toBe(false);
    expect(matches({ or: q.or }, other)).toBe(true);
    expect(
      matches({ not: [{ field_name: "effect_id", operation: "IN", field_values: ["123456"] }] }, other),
    ).toBe(true);
  });

  it.each([
    [null, "query is required"],
    [{}, "at least one"],
    [{ and: [], or: null }, "at least one"],
    [{ also: [] }, "unknown key"],
    [{ and: {} }, "must be a list"],
    [cond("title", "EQ", ["x"]), "unknown field_name"],
    [cond("username", "LIKE", ["x"]), "unknown operation"],
    [cond("username", "EQ", []), "non-empty"],
    [cond("create_date", "EQ", ["2026-09-10"]), "YYYYMMDD"],
    [cond("region_code", "EQ", ["Denmark"]), "region_code"],
    [cond("video_length", "EQ", ["TINY"]), "video_length"],
    [cond("video_id", "EQ", ["12ab"]), "not an id"],
    [cond("keyword", "EQ", [""]), "empty keyword"],
    [cond("username", "EQ", [{}]), "must be a string"],
  ])("rejects %j with 400 invalid_params (%s)", (query, message) => {
    try {
      compileQuery(query as JsonValue, 100);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).status).toBe(400);
      expect((e as ApiError).code).toBe("invalid_params");
      expect((e as ApiError).message).toContain(message);
    }
  });

  it("allows at most maxFieldValues values per condition (video id batches)", () => {
    const ids = Array.from({ length: 101 }, (_, i) => String(7575065529234907000n + BigInt(i)));
    expect(() => compileQuery(cond("video_id", "IN", ids.slice(0, 100)), 100)).not.toThrow();
    expect(() => compileQuery(cond("video_id", "IN", ids), 100)).toThrow(/at most 100/);
  });
});

describe("resolveDateRange", () => {
  it("treats end_date as inclusive by default and exclusive on request", () => {
    const inclusive = resolveDateRange("20260901", "20260930", true);
    expect(inclusive.startSeconds).toBe(Date.UTC(2026, 8, 1) / 1000);
    expect(inclusive.endSeconds).toBe(Date.UTC(2026, 9, 1) / 1000);
    const exclusive = resolveDateRange("20260901", "20260930", false);
    expect(exclusive.endSeconds).toBe(Date.UTC(2026, 8, 30) / 1000);
    expect(resolveDateRange("20260901", "20260901", true).endSeconds).toBe(Date.UTC(2026, 8, 2) / 1000);
    expect(() => resolveDateRange("20260901", "20260901", false)).toThrow(/after start_date/);
  });

  it("enforces end_date ≤ start_date + 30 days, valid dates and order", () => {
    expect(() => resolveDateRange("20260901", "20261001", true)).not.toThrow();
    expect(() => resolveDateRange("20260901", "20261002", true)).toThrow(/30 days/);
    expect(() => resolveDateRange("20260902", "20260901", true)).toThrow(/after start_date/);
    expect(() => resolveDateRange("20260231", "20260301", true)).toThrow(/start_date/);
    expect(() => resolveDateRange(undefined, "20260301", true)).toThrow(/start_date is required/);
    expect(() => resolveDateRange("20260301", "2026-03-02", true)).toThrow(/end_date/);
  });
});
