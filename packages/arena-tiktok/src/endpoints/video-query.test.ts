import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseApiJson } from "../http/lossless-json.js";
import { apiVideoSchema, fastApiVideo } from "./video-query.js";

// `apiVideoSchema.safeParse` tries `fastApiVideo` first; `z.safeParse(apiVideoSchema, …)` is zod alone.
const zodOnly = (input: unknown) => z.safeParse(apiVideoSchema, input);

function expectSameAsZod(input: unknown): void {
  const reference = zodOnly(input);
  const result = apiVideoSchema.safeParse(input);
  expect(result.success).toBe(reference.success);
  if (reference.success && result.success) {
    // Same values (Object.is: -0 is not 0), same key order (raw_metadata is written in that order).
    expect(result.data).toStrictEqual(reference.data);
    expect(Object.keys(result.data)).toEqual(Object.keys(reference.data));
    expect(JSON.stringify(result.data)).toBe(JSON.stringify(reference.data));
  } else if (!reference.success && !result.success) {
    expect(result.error.issues).toEqual(reference.error.issues);
  }
  let thrown: unknown;
  try {
    expect(apiVideoSchema.parse(input)).toStrictEqual(reference.data);
  } catch (error) {
    thrown = error;
  }
  expect(thrown === undefined).toBe(reference.success);
}

const API_VIDEO = parseApiJson(
  '{"id":7581639877037671853,"video_description":"Hygge i regnvejr #fyp","create_time":1765238092,' +
    '"region_code":"DK","share_count":1,"view_count":103,"like_count":7,"comment_count":0,' +
    '"music_id":7581639878365827859,"hashtag_names":["fyp"],"username":"someone","effect_ids":[12, "7301234567890123456"],' +
    '"favorites_count":1,"video_duration":28.5,"voice_to_text":"hej","playlist_id":42,"is_stem_verified":false,' +
    '"video_label":{"content":"x"}}',
) as { data?: unknown } & Record<string, unknown> as Record<string, unknown>;

// Every field of the schema, an unknown one, and a key that must never become a prototype.
const FIELDS = [...Object.keys(apiVideoSchema.shape), "extra_field", "__proto__"];

const VALUES: unknown[] = [
  undefined,
  null,
  "",
  "0",
  "123",
  "0042",
  "abc",
  "-1",
  "1.5",
  "7301234567890123456",
  "99999999999999999999",
  "999999999999999999999",
  0,
  -0,
  1,
  1.5,
  -3,
  2 ** 53 - 1,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  ["a"],
  ["a", 1],
  [1, "2"],
  [1.5, -0],
  [true],
  [null],
  {},
  { content: "x" },
];

const omit = (video: Record<string, unknown>, key: string) => {
  const copy = { ...video };
  delete copy[key];
  return copy;
};
const withValue = (video: Record<string, unknown>, key: string, value: unknown) => {
  const copy = { ...video };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};

describe("apiVideoSchema's fast path", () => {
  it("is taken for the shape the API sends, with zod's output", () => {
    expect(fastApiVideo(API_VIDEO)).toBeDefined();
    expectSameAsZod(API_VIDEO);
    const minimal = { video_id: "7301234567890123456", create_time: "1765238092" };
    expect(fastApiVideo(minimal)).toBeDefined();
    expectSameAsZod(minimal);
  });

  it("answers as zod for every field set to every kind of value, or left out", () => {
    for (const base of [API_VIDEO, omit(API_VIDEO, "id"), { id: 1, create_time: 2 }]) {
      for (const key of FIELDS) {
        expectSameAsZod(omit(base, key));
        for (const value of VALUES) expectSameAsZod(withValue(base, key, value));
      }
    }
  });

  it("answers as zod for random combinations of values", () => {
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < 3000; i++) {
      let video: Record<string, unknown> = random() < 0.5 ? API_VIDEO : {};
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
        const key = FIELDS[Math.floor(random() * FIELDS.length)]!;
        video =
          random() < 0.15
            ? omit(video, key)
            : withValue(video, key, VALUES[Math.floor(random() * VALUES.length)]);
      }
      expectSameAsZod(video);
    }
  });

  it("answers as zod for what is not an object", () => {
    for (const value of [undefined, null, 1, "x", [], [API_VIDEO], true]) expectSameAsZod(value);
  });

  it("leaves other parse options to zod", () => {
    const result = apiVideoSchema.safeParse({ create_time: 1 }, { reportInput: true });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("a video without id");
  });
});
