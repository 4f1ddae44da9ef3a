import { describe, expect, it } from "vitest";
import { type ArenaError, ConfigError } from "../errors/arena-error.js";
import { parseInput } from "./parse-input.js";
import {
  actorsQuerySchema,
  isActorsQuery,
  parseActorsQuery,
  parseTermsQuery,
  parseUtcDate,
  termsQuerySchema,
} from "./queries.js";

const base = { terms: ["klima"], since: "2026-09-01", until: "2026-09-08" };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ArenaError).failureType).toBe("config");
    expect((error as ArenaError).retryable).toBe(false);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("termsQuerySchema via parseTermsQuery", () => {
  it("normalises good input: dates to UTC Dates, terms trimmed, regions upper-case, languages lower-case", () => {
    const q = parseTermsQuery({
      terms: ["  klima ", "#dkpol"],
      since: "2026-09-01",
      until: "2026-09-08T12:00:00Z",
      regions: ["dk", " se"],
      languages: ["DA"],
      tier: "free",
      maxResults: 500,
    });
    expect(q.terms).toEqual(["klima", "#dkpol"]);
    expect(q.since.toISOString()).toBe("2026-09-01T00:00:00.000Z");
    expect(q.until.toISOString()).toBe("2026-09-08T12:00:00.000Z");
    expect(q.regions).toEqual(["DK", "SE"]);
    expect(q.languages).toEqual(["da"]);
    expect(q.tier).toBe("free");
  });

  it("accepts termGroups instead of terms, and Date objects", () => {
    const q = parseTermsQuery({
      termGroups: [["klima", "afgift"], ["#dkpol"]],
      since: new Date("2026-09-01T00:00:00Z"),
      until: new Date("2026-09-02T00:00:00Z"),
    });
    expect(q.termGroups).toEqual([["klima", "afgift"], ["#dkpol"]]);
  });

  it.each([
    ["an empty term", { ...base, terms: ["klima", "  "] }, "terms.1", /empty term/],
    ["a lone #", { ...base, terms: ["#"] }, "terms.0", /hashtag/],
    ["no terms at all", { since: base.since, until: base.until }, "terms", /at least one term/],
    ["an empty terms list", { ...base, terms: [] }, "terms", /at least one term/],
    ["an empty AND-group", { ...base, terms: undefined, termGroups: [[]] }, "termGroups.0", /AND-group/],
    ["since equal to until", { ...base, until: base.since }, "since", /before until/],
    ["since after until", { ...base, since: "2026-10-01", until: "2026-09-01" }, "since", /before until/],
    ["an unknown tier", { ...base, tier: "gold" }, "tier", /./],
    ["a 3-letter region", { ...base, regions: ["DNK"] }, "regions.0", /two-letter ISO 3166/],
    ["a bad language code", { ...base, languages: ["dan"] }, "languages.0", /ISO 639-1/],
    ["an unknown region", { ...base, regions: ["XX"] }, "regions.0", /not an ISO 3166-1 country code/],
    ["a region that is no country", { ...base, regions: ["EU"] }, "regions.0", /not an ISO 3166-1/],
    ["an unknown language", { ...base, languages: ["xx"] }, "languages.0", /not an ISO 639-1 language code/],
    ["a term with a line break", { ...base, terms: ["kli\nma"] }, "terms.0", /line break/],
    ["a term with a control character", { ...base, terms: ["kli\u0001ma"] }, "terms.0", /control character/],
    ["an excluded term with a tab", { ...base, exclude: ["a\tb"] }, "exclude.0", /tab/],
    ["a maxResults beyond 2^53", { ...base, maxResults: 2 ** 60 }, "maxResults", /./],
    ["an impossible date", { ...base, since: "2026-02-30" }, "since", /not a date/],
    ["an out-of-range day", { ...base, until: "2026-02-32" }, "until", /not a date/],
    ["a year typo", { ...base, since: "0206-09-01" }, "since", /outside 2000-01-01\.\.2100-01-01/],
    ["a far-future until", { ...base, until: "9999-12-31" }, "until", /check the year/],
    ["a date that is not ISO", { ...base, since: "01/09/2026" }, "since", /YYYY-MM-DD/],
    ["maxResults 0", { ...base, maxResults: 0 }, "maxResults", /> 0/],
    ["a fractional maxResults", { ...base, maxResults: 1.5 }, "maxResults", /whole number/],
    ["a misspelt option", { ...base, teir: "free" }, "teir", /unknown option/],
  ])("rejects %s with a ConfigError naming the field", (_, input, field, message) => {
    const error = configError(() => parseTermsQuery(input));
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^Invalid terms query: /);
  });

  it("lists every problem in details.issues", () => {
    const error = configError(() => parseTermsQuery({ terms: [""], since: "x", until: "y" }));
    const fields = (error.details.issues as { field: string }[]).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["terms.0", "since", "until"]));
  });
});

describe("actorsQuerySchema via parseActorsQuery", () => {
  it('normalises "@name" and "Name" to the same actor', () => {
    const q = parseActorsQuery({
      actors: ["@DRNyheder", " tv2 ", "dr.dk_"],
      since: "2026-09-01",
      until: "2026-09-02",
    });
    expect(q.actors).toEqual(["drnyheder", "tv2", "dr.dk_"]);
  });

  it.each([
    ["no actors", { actors: [] }, "actors", /at least one actor/],
    ["an empty name", { actors: ["@"] }, "actors.0", /empty actor/],
    ["a name with spaces", { actors: ["dr nyheder"] }, "actors.0", /letters, digits/],
    ["a name with a slash", { actors: ["dr/nyheder"] }, "actors.0", /letters, digits/],
    ["a name over 50 characters", { actors: ["a".repeat(51)] }, "actors.0", /letters, digits/],
    ["terms given to the actors query", { actors: ["dr"], terms: ["x"] }, "terms", /unknown option/],
  ])("rejects %s", (_, partial, field, message) => {
    const error = configError(() =>
      parseActorsQuery({ since: "2026-09-01", until: "2026-09-02", ...partial }),
    );
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it("rejects an inverted window", () => {
    const error = configError(() =>
      parseActorsQuery({ actors: ["dr"], since: "2026-09-02", until: "2026-09-01" }),
    );
    expect(error.field).toBe("since");
  });
});

describe("parseUtcDate", () => {
  it("reads dates as UTC midnights and zone-less timestamps as UTC (not local time)", () => {
    expect(parseUtcDate("2026-09-01")?.toISOString()).toBe("2026-09-01T00:00:00.000Z");
    expect(parseUtcDate("2026-09-01T10:30")?.toISOString()).toBe("2026-09-01T10:30:00.000Z");
    expect(parseUtcDate("2026-09-01T10:30:00+02:00")?.toISOString()).toBe("2026-09-01T08:30:00.000Z");
    expect(parseUtcDate("2024-02-29")?.toISOString()).toBe("2024-02-29T00:00:00.000Z");
  });

  it("rejects impossible or malformed dates instead of rolling them over", () => {
    for (const bad of [
      "2026-02-29",
      "2026-02-30",
      "2026-04-31",
      "2026-13-01",
      "2026-9-1",
      "2026-09-01T25:00Z",
      "",
    ]) {
      expect(parseUtcDate(bad), bad).toBeUndefined();
    }
  });
});

describe("parseInput and isActorsQuery", () => {
  it("names the root when the input is not an object", () => {
    const error = configError(() => parseInput(termsQuerySchema, "klima", "terms query"));
    expect(error.field).toBe("(root)");
  });

  it("returns the schema's output on success", () => {
    expect(
      parseInput(actorsQuerySchema, { actors: ["a"], since: "2026-01-01", until: "2026-01-02" }, "q").actors,
    ).toEqual(["a"]);
  });

  it("tells an actors query from a terms query", () => {
    expect(isActorsQuery({ actors: ["a"], since: "2026-01-01", until: "2026-01-02" })).toBe(true);
    expect(isActorsQuery(base)).toBe(false);
  });
});
