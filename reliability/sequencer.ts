import type { TestSpecification } from "vitest/node";

/** Files run one after another in this order; the secret scan reads what all the others produced. */
const ORDER = ["fault-matrix", "bad-input", "soak", "kill-resume", "secrets"];

const rank = (spec: TestSpecification) => {
  const name = spec.moduleId.split("/").pop() ?? "";
  const i = ORDER.findIndex((prefix) => name.startsWith(prefix));
  return i < 0 ? ORDER.length - 1 : i;
};

export class ReliabilitySequencer {
  shard(files: TestSpecification[]): TestSpecification[] {
    return files;
  }
  sort(files: TestSpecification[]): TestSpecification[] {
    return [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId));
  }
}
