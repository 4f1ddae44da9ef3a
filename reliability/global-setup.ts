/**
 * The suite's artefacts directory (every log, error, checkpoint, state file and output goes there, for
 * the secret scan), and at the end the merged results: printed, and written to reliability/results.json.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { mergeResults, readResultsFile, type SectionResult } from "./support/results.js";

const RESULTS = fileURLToPath(new URL("./results.json", import.meta.url));

export default function setup(project: TestProject) {
  // Made by vitest.reliability.config.ts and provided to every file of the suite.
  const dir = project.getProvidedContext().artifactsDir;
  return () => {
    const resultsDir = join(dir, "results");
    const fresh: SectionResult[] = existsSync(resultsDir)
      ? readdirSync(resultsDir).map(
          (f) => JSON.parse(readFileSync(join(resultsDir, f), "utf8")) as SectionResult,
        )
      : [];
    if (fresh.length) {
      const previous = readResultsFile(RESULTS);
      const now = new Date().toISOString();
      const merged = mergeResults(previous, fresh, now, process.version);
      writeFileSync(RESULTS, `${JSON.stringify(merged, null, 2)}\n`);
      console.log("\nReliability suite results (also in reliability/results.json)");
      for (const section of merged.sections) {
        const earlier = section.measuredAt === now ? "" : ` (not run now: measured ${section.measuredAt})`;
        console.log(`\n${section.section}${earlier}: ${section.summary}`);
        if (section.rows.length && !earlier) console.table(section.rows);
      }
    }
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: a local debugging switch, not configuration
    if (process.env.KEEP_RELIABILITY_ARTIFACTS) console.log(`artefacts kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
