import type { TestSpecification } from "vitest/node";

/**
 * The longest files first (minutes measured in CI), so that with one file per core the suite ends
 * about when its longest file does; the secret scan is a project of its own that runs after them all.
 */
const LONGEST_FIRST = ["kill-resume-store", "study", "hostile-cli", "bad-input-cli", "hostile-transport"];

const rank = (spec: TestSpecification) => {
  const name = spec.moduleId.split("/").pop() ?? "";
  const i = LONGEST_FIRST.findIndex((prefix) => name.startsWith(prefix));
  return i < 0 ? LONGEST_FIRST.length : i;
};

export class ReliabilitySequencer {
  shard(files: TestSpecification[]): TestSpecification[] {
    return files;
  }
  sort(files: TestSpecification[]): TestSpecification[] {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}
