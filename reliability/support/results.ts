/**
 * Each part of the suite records its table here; the global teardown merges them into
 * reliability/results.json and prints them.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { artifactsDir } from "./artifacts.js";

export type ResultRow = Record<string, string | number | boolean>;

export interface SectionResult {
  section: string;
  summary: string;
  rows: ResultRow[];
}

export function recordSection(result: SectionResult): void {
  const dir = join(artifactsDir(), "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${result.section}.json`), JSON.stringify(result, null, 2));
}

/** reliability/results.json: every section with the time it was measured. */
export interface ResultsFile {
  date: string;
  node: string;
  sections: (SectionResult & { measuredAt?: string })[];
}

/** The order the sections are listed in (by prefix); others go last. */
const ORDER = ["kill-resume", "fault-matrix", "bad-input", "soak", "secrets"];

/**
 * The results file after a run: this run's sections (measured `now`) replace the previous file's
 * sections of the same name; sections this run did not produce (a run of one file, e.g.
 * `vitest run --config vitest.reliability.config.ts reliability/soak.test.ts`) are kept with the time
 * they were measured, so a partial run never drops the rest of the suite's figures.
 */
export function mergeResults(
  previous: ResultsFile | undefined,
  fresh: readonly SectionResult[],
  now: string,
  node: string,
): ResultsFile {
  const byName = new Map<string, SectionResult & { measuredAt?: string }>();
  for (const section of previous?.sections ?? []) {
    byName.set(section.section, { ...section, measuredAt: section.measuredAt ?? previous?.date });
  }
  for (const section of fresh) byName.set(section.section, { ...section, measuredAt: now });
  const rank = (s: SectionResult) => {
    const i = ORDER.findIndex((prefix) => s.section.startsWith(prefix));
    return i < 0 ? ORDER.length : i;
  };
  const sections = [...byName.values()].sort(
    (a, b) => rank(a) - rank(b) || a.section.localeCompare(b.section),
  );
  return { date: now, node, sections };
}

/** The previous results file, or undefined when there is none or it cannot be read (it is then rewritten whole). */
export function readResultsFile(path: string): ResultsFile | undefined {
  try {
    const file = JSON.parse(readFileSync(path, "utf8")) as ResultsFile;
    return Array.isArray(file.sections) ? file : undefined;
  } catch {
    return undefined;
  }
}
