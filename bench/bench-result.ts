/** The shape every benchmark's `run()` returns (the project's convention), and a printer for one. */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export interface BenchRow {
  metric: string;
  value: number | string;
  unit?: string;
  goal?: string;
  pass?: boolean;
}

export interface BenchResult {
  name: string;
  rows: BenchRow[];
  notes?: string[];
}

export function printResult(result: BenchResult): void {
  console.log(`\n${result.name}`);
  console.table(
    result.rows.map((r) => ({
      metric: r.metric,
      value: typeof r.value === "number" ? Number(r.value.toPrecision(4)) : r.value,
      unit: r.unit ?? "",
      goal: r.goal ?? "",
      pass: r.pass === undefined ? "" : r.pass ? "yes" : "NO",
    })),
  );
  for (const note of result.notes ?? []) console.log(`  - ${note}`);
}

/** True when the module at `url` (its `import.meta.url`) is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === url;
}
