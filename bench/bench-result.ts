/** The shape every benchmark's `run()` returns (the project's convention), and a printer for one. */
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
      value: r.value,
      unit: r.unit ?? "",
      goal: r.goal ?? "",
      pass: r.pass === undefined ? "" : r.pass ? "yes" : "NO",
    })),
  );
  for (const note of result.notes ?? []) console.log(`  - ${note}`);
}

/** True when this module is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && url.endsWith(script.replace(/\\/g, "/").split("/").pop()!);
}
