/**
 * Each part of the suite records its table here; the global teardown merges them into
 * reliability/results.json and prints them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
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
