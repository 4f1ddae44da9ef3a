import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseLossless } from "./lossless.js";
import { int64, RawJson, toWire } from "./wire.js";

describe("parseLossless", () => {
  it("keeps integers beyond 2^53 exact as bigint", () => {
    const value = parseLossless('{"video_id":7575065529234907864,"n":42,"f":1.5,"neg":-9007199254740993}');
    expect(value).toEqual({ video_id: 7575065529234907864n, n: 42, f: 1.5, neg: -9007199254740993n });
    // JSON.parse would have rounded it:
    expect(String((JSON.parse('{"v":7575065529234907864}') as { v: number }).v)).not.toBe(
      "7575065529234907864",
    );
  });

  it("parses strings with escapes, including NUL, and nested structures", () => {
    expect(parseLossless('{"a":["x\\u0000y","\\"q\\"",true,false,null],"b":{}}')).toEqual({
      a: ["x\u0000y", '"q"', true, false, null],
      b: {},
    });
    expect(parseLossless(" [ 1 , 2 ] ")).toEqual([1, 2]);
    expect(parseLossless("1e3")).toBe(1000);
  });

  it("rejects malformed JSON with a position", () => {
    for (const bad of [
      "{",
      '{"a" 1}',
      "[1,]",
      "tru",
      '{"a":1}x',
      '"unterminated',
      '"bad \\x escape"',
      "01",
    ]) {
      expect(() => parseLossless(bad), bad).toThrow(JsonSyntaxError);
    }
  });

  it("does not let __proto__ keys pollute prototypes", () => {
    const value = parseLossless('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });
});

describe("toWire", () => {
  it("writes int64 ids and bigints as bare JSON numbers", () => {
    const text = toWire({ id: int64("7575065529234907864"), big: 7575065529234907865n, s: "7575" });
    expect(text).toBe('{"id":7575065529234907864,"big":7575065529234907865,"s":"7575"}');
    expect(parseLossless(text)).toEqual({ id: 7575065529234907864n, big: 7575065529234907865n, s: "7575" });
  });

  it("escapes strings like JSON.stringify, leaves out undefined members and embeds raw fragments", () => {
    expect(toWire({ a: "x\u0000\n", b: undefined, c: [1, null, true], d: new RawJson('{"z":1}') })).toBe(
      '{"a":"x\\u0000\\n","c":[1,null,true],"d":{"z":1}}',
    );
  });
});
