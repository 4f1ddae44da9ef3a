/**
 * The suite's artefacts directory (every log, error, checkpoint, state file and output goes there, for
 * the secret scan), and at the end the merged results: printed, and written to reliability/results.json.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import type { SectionResult } from "./support/results.js";

const RESULTS = fileURLToPath(new URL("./results.json", import.meta.url));
const ORDER = ["kill-resume", "fault-matrix", "bad-input", "soak", "secrets"];

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "observatory-reliability-"));
  project.provide("artifactsDir", dir);
  return () => {
    const resultsDir = join(dir, "results");
    const sections: SectionResult[] = existsSync(resultsDir)
      ? readdirSync(resultsDir).map(
          (f) => JSON.parse(readFileSync(join(resultsDir, f), "utf8")) as SectionResult,
        )
      : [];
    const rank = (s: SectionResult) => {
      const i = ORDER.findIndex((prefix) => s.section.startsWith(prefix));
      return i < 0 ? ORDER.length : i;
    };
    sections.sort((a, b) => rank(a) - rank(b) || a.section.localeCompare(b.section));
    if (sections.length) {
      writeFileSync(
        RESULTS,
        `${JSON.stringify({ date: new Date().toISOString(), node: process.version, sections }, null, 2)}\n`,
      );
      console.log("\nReliability suite results (also in reliability/results.json)");
      for (const section of sections) {
        console.log(`\n${section.section}: ${section.summary}`);
        if (section.rows.length) console.table(section.rows);
      }
    }
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a local debugging switch, not configuration
    if (process.env.KEEP_RELIABILITY_ARTIFACTS) console.log(`artefacts kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
