import fc from "fast-check";
import { isSafeNumber, parse as losslessParse } from "lossless-json";
import { describe, expect, it } from "vitest";
import { JsonInt64, parseApiJson, quoteBigIntegers, serializeApiJson } from "./lossless-json.js";

/** The reference: the lossless-json library, unsafe integers kept as strings, NULs removed. */
function reference(text: string): unknown {
  return losslessParse(
    text,
    (_key, value) => (typeof value === "string" ? value.replaceAll("\u0000", "") : value),
    (digits) => (isSafeNumber(digits) ? Number(digits) : /^-?\d+$/.test(digits) ? digits : Number(digits)),
  );
}

describe("lossless JSON", () => {
  it("keeps 7301234567890123456 exact through a round trip", () => {
    const text =
      '{"data":{"videos":[{"id":7301234567890123456,"like_count":12}],"search_id":"7301234567890123456"}}';
    const parsed = parseApiJson(text) as { data: { videos: { id: string; like_count: number }[] } };
    expect(parsed.data.videos[0]?.id).toBe("7301234567890123456");
    expect(parsed.data.videos[0]?.like_count).toBe(12);
    expect(serializeApiJson({ video_id: new JsonInt64(parsed.data.videos[0]!.id) })).toBe(
      '{"video_id":7301234567890123456}',
    );
    expect((JSON.parse(text) as typeof parsed).data.videos[0]?.id).not.toBe("7301234567890123456");
  });

  it("leaves digits inside strings alone and removes NUL characters", () => {
    const text =
      '{"d":"id 7301234567890123456, \\u0000x\\\\u0000","n":-9007199254740993,"f":12345678901234567.5,"e":12345678901234567e2}';
    expect(parseApiJson(text)).toEqual({
      d: "id 7301234567890123456, x\\u0000",
      n: "-9007199254740993",
      f: Number("12345678901234567.5"),
      e: Number("12345678901234567e2"),
    });
  });

  it("keeps safe 16-digit integers as numbers", () => {
    expect(parseApiJson("[1234567890123456, 9007199254740991]")).toEqual([
      1234567890123456, 9007199254740991,
    ]);
    expect(quoteBigIntegers('{"a":1}')).toBe('{"a":1}');
  });

  it("agrees with the lossless-json library on arbitrary JSON with big integers", () => {
    const bigInt = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n }).map((n) => ({ __raw: n.toString() }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.string({ unit: "binary" }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        bigInt,
        fc.array(tie("node"), { maxLength: 5 }),
        fc.dictionary(fc.string(), tie("node"), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v, (_k, x) =>
          x && typeof x === "object" && "__raw" in x ? `@@${x.__raw}@@` : x,
        ).replace(/"@@(-?\d+)@@"/g, "$1");
        expect(parseApiJson(text)).toEqual(reference(text));
      }),
      { numRuns: 500 },
    );
  });

  it("finds the end of strings full of escaped quotes and backslashes (with and without NULs elsewhere)", () => {
    const piece = fc.constantFrom(
      '"',
      "\\",
      "\\\\",
      '\\"',
      "7301234567890123456",
      "u0000",
      "a",
      " ",
      "\u0000",
    );
    const str = fc.array(piece, { maxLength: 10 }).map((p) => p.join(""));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(str, fc.bigInt({ min: 0n, max: 2n ** 64n })), { maxLength: 6 }),
        fc.boolean(),
        (entries, nul) => {
          const body = entries.map(([str, n], i) => `"n${i}":${n},"s${i}":${JSON.stringify(str)}`);
          const text = `{${body.join(",")}${nul ? `${body.length ? "," : ""}"z":"\\u0000"` : ""}}`;
          expect(parseApiJson(text)).toEqual(reference(text));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
