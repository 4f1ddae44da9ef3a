// The results file: a partial run of the suite keeps the figures of the parts it did not run.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeResults, readResultsFile, type SectionResult } from "./support/results.js";

const section = (name: string, summary: string): SectionResult => ({ section: name, summary, rows: [] });

describe("reliability/results.json", () => {
  it("replaces the sections a run produced and keeps the others with the time they were measured", () => {
    const previous = {
      date: "2026-11-24T10:00:00.000Z",
      node: "v20.0.0",
      sections: [
        section("kill-resume", "old kills"),
        section("soak", "old soak"),
        { ...section("secrets", "old scan"), measuredAt: "2026-11-23T09:00:00.000Z" },
      ],
    };
    const merged = mergeResults(
      previous,
      [section("soak", "new soak")],
      "2026-11-25T12:00:00.000Z",
      "v20.20.2",
    );
    expect(merged.date).toBe("2026-11-25T12:00:00.000Z");
    expect(merged.sections.map((s) => [s.section, s.summary, s.measuredAt])).toEqual([
      ["kill-resume", "old kills", "2026-11-24T10:00:00.000Z"],
      ["soak", "new soak", "2026-11-25T12:00:00.000Z"],
      ["secrets", "old scan", "2026-11-23T09:00:00.000Z"],
    ]);
  });

  it("lists the sections in the suite's order, whatever order they were recorded in", () => {
    const fresh = ["secrets", "bad-input-cli", "soak", "fault-matrix", "kill-resume", "bad-input-api"].map(
      (n) => section(n, n),
    );
    const merged = mergeResults(undefined, fresh, "2026-11-25T12:00:00.000Z", "v20.20.2");
    expect(merged.sections.map((s) => s.section)).toEqual([
      "kill-resume",
      "fault-matrix",
      "bad-input-api",
      "bad-input-cli",
      "soak",
      "secrets",
    ]);
  });

  it("rewrites the file whole when the previous one is missing or unreadable", () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-results-"));
    expect(readResultsFile(join(dir, "none.json"))).toBeUndefined();
    writeFileSync(join(dir, "torn.json"), '{"date": "2026-');
    expect(readResultsFile(join(dir, "torn.json"))).toBeUndefined();
    writeFileSync(join(dir, "other.json"), '{"sections": 3}');
    expect(readResultsFile(join(dir, "other.json"))).toBeUndefined();
    const good = { date: "d", node: "n", sections: [section("soak", "s")] };
    writeFileSync(join(dir, "good.json"), JSON.stringify(good));
    expect(readResultsFile(join(dir, "good.json"))).toEqual(good);
  });
});
