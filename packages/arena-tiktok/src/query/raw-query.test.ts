import { isArenaError } from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { withExtraConditions } from "./extra-conditions.js";
import { parseVideoQueryJson } from "./raw-query.js";

const fieldOf = (text: string) => {
  try {
    parseVideoQueryJson(text);
  } catch (error) {
    if (isArenaError(error)) return { field: (error as { field?: string }).field, message: error.message };
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("parseVideoQueryJson (--query-file)", () => {
  it("keeps a valid query, 19-digit IDs exact whether written as strings or as bare numbers", () => {
    const q = parseVideoQueryJson(
      '{"and":[{"field_name":"music_id","operation":"IN","field_values":[7234567890123456789,"7234567890123456790"]}],' +
        '"not":[{"field_name":"region_code","operation":"EQ","field_values":["CA"]}]}',
    );
    expect(q.and?.[0]?.field_values).toEqual(["7234567890123456789", "7234567890123456790"]);
    expect(q.not?.[0]?.field_name).toBe("region_code");
  });

  it("names the JSON path of the first problem and what is allowed there", () => {
    const cond = (c: Record<string, unknown>) =>
      JSON.stringify({ field_name: "keyword", operation: "EQ", field_values: ["x"], ...c });
    expect(fieldOf(`{"and":[${cond({})},${cond({ operation: "EQUALS" })}]}`)).toEqual({
      field: "query.and[1].operation",
      message: "query.and[1].operation: operation must be one of EQ, IN, GT, GTE, LT, LTE",
    });
    expect(fieldOf(`{"or":[${cond({ field_name: "colour" })}]}`).field).toBe("query.or[0].field_name");
    expect(fieldOf(`{"not":[${cond({ field_values: [] })}]}`).field).toBe("query.not[0].field_values");
    expect(fieldOf(`{"and":[${cond({ field_name: "create_date", field_values: ["2026-09-01"] })}]}`)).toEqual(
      {
        field: "query.and[0].field_values[0]",
        message:
          'query.and[0].field_values[0]: "2026-09-01" is not valid for create_date: use a date YYYYMMDD (UTC), e.g. 20260901',
      },
    );
    expect(
      fieldOf(`{"and":[${cond({ field_name: "video_id", field_values: ["9223372036854775808"] })}]}`).field,
    ).toBe("query.and[0].field_values[0]");
    expect(fieldOf(`{"and":[${cond({ extra: 1 })}]}`).field).toBe("query.and[0]");
    expect(fieldOf('{"and":[],"or":[]}').message).toMatch(/at least one condition/);
    expect(fieldOf("[1]").field).toBe("query");
    expect(fieldOf("{").message).toMatch(/^query: not JSON/);
  });
});

describe("withExtraConditions", () => {
  it("ANDs music, effect, length, usernames and every one of all-of hashtags; NOTs usernames; keeps or", () => {
    const q = withExtraConditions(
      { or: [{ field_name: "keyword", operation: "EQ", field_values: ["klima"] }] },
      {
        musicIds: ["1", "2"],
        effectIds: ["3"],
        videoLengths: ["SHORT"],
        usernames: ["@Bob"],
        notUsernames: ["eve", "@mallory"],
        allHashtags: ["#DKpol", "klima"],
      },
    );
    expect(q).toEqual({
      and: [
        { field_name: "music_id", operation: "IN", field_values: ["1", "2"] },
        { field_name: "effect_id", operation: "EQ", field_values: ["3"] },
        { field_name: "video_length", operation: "EQ", field_values: ["SHORT"] },
        { field_name: "username", operation: "EQ", field_values: ["bob"] },
        { field_name: "hashtag_name", operation: "EQ", field_values: ["dkpol"] },
        { field_name: "hashtag_name", operation: "EQ", field_values: ["klima"] },
      ],
      or: [{ field_name: "keyword", operation: "EQ", field_values: ["klima"] }],
      not: [{ field_name: "username", operation: "IN", field_values: ["eve", "mallory"] }],
    });
  });
});
