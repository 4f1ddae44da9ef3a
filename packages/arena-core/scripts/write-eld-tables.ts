// Writes dist/eld-extrasmall.tables (run by `pnpm build`): the default language detector's n-gram
// tables and word-separator classes compiled from eld's files, so a process loads them instead of
// evaluating eld's database and classifying its separators.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COMPILED_ELD_VERSION, eldTablesPath, loadEldInternals } from "../src/language/eld-internals.js";
import { compileEldTables, writeEldTables } from "../src/language/eld-tables.js";

const dist = fileURLToPath(new URL("../dist", import.meta.url));
mkdirSync(dist, { recursive: true });
// A folder without tables: eld's own database is loaded.
const internals = await loadEldInternals("extrasmall", {
  tablesDir: fileURLToPath(new URL(".", import.meta.url)),
});
if (!internals?.database) {
  console.log(
    `eld ${COMPILED_ELD_VERSION} is not installed: no precompiled tables (detectors build them at run time)`,
  );
} else {
  const target = eldTablesPath("extrasmall", dist);
  await writeEldTables(
    target,
    compileEldTables(internals.database, internals.separators),
    COMPILED_ELD_VERSION,
    "extrasmall",
  );
  console.log(`wrote ${target.split("/").slice(-2).join("/")}`);
}
