// Runs one benchmark module's `run()` in this process (started by bench/run.mjs with `node --import tsx`,
// from the module's package directory) and prints its BenchResult as one JSON line after a marker, so
// that whatever the benchmark itself prints cannot be mistaken for its result.
import { pathToFileURL } from "node:url";

export const MARKER = "@@bench-result@@";

const [file] = process.argv.slice(2);
const module = await import(pathToFileURL(file).href);
const result = await module.run();
process.stdout.write(`\n${MARKER}${JSON.stringify(result)}\n`);
// Some benchmarks leave handles (servers, pools) that only time would close.
process.exit(0);
