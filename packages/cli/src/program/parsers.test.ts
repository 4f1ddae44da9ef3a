import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { positiveInt, runId, timeouts, windowDays } from "./parsers.js";

describe("--timeout", () => {
  it("takes seconds for the headers, or named parts, and keeps earlier occurrences", () => {
    expect(timeouts("300", undefined)).toEqual({ headersMs: 300_000 });
    expect(timeouts("headers=120,stall=30,notice=0.5", undefined)).toEqual({
      headersMs: 120_000,
      stallMs: 30_000,
      noticeMs: 500,
    });
    expect(timeouts("stall=5", { headersMs: 1_000 })).toEqual({ headersMs: 1_000, stallMs: 5_000 });
    expect(timeouts("notice=0", undefined)).toEqual({ noticeMs: 0 });
  });

  it.each(["soon", "0", "-1", "headers=", "stall=0", "connect=x", "headers=1e3", "90000"])(
    "%j is refused with an example of a valid value",
    (value) => {
      expect(() => timeouts(value, undefined)).toThrow(InvalidArgumentError);
      expect(() => timeouts(value, undefined)).toThrow(/--timeout (300|headers=300)/);
    },
  );
});

describe("the other parsers", () => {
  it("--window-days suggests a valid value", () => {
    for (const bad of ["0", "31", "x", "7.5"]) expect(() => windowDays(bad)).toThrow(/--window-days 7/);
    expect(windowDays("30")).toBe(30);
  });

  it("positive integers stop at 2^53", () => {
    expect(positiveInt("9007199254740991")).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => positiveInt("9007199254740993")).toThrow(/too large/);
  });

  it("--run-id is 1–200 printable characters without spaces", () => {
    expect(runId("klima-2026")).toBe("klima-2026");
    for (const bad of ["", " ", "a b", "x\n", "x".repeat(201)])
      expect(() => runId(bad)).toThrow(/not a run ID/);
  });
});
