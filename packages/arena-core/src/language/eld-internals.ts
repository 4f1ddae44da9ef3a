import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileFunction } from "node:vm";
import { type EldTables, readEldTables } from "./eld-tables.js";

export type EldSize = "large" | "medium" | "small" | "extrasmall";

/**
 * The eld release whose detection the compiled scorer reproduces exactly (a test compares the two on the
 * labelled corpus). Another installed version is used through its public API instead.
 */
export const COMPILED_ELD_VERSION = "2.1.0";

/** eld's n-gram database: language index → ISO 639-1 code, and n-gram → language index → score. */
export interface EldDatabase {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/**
 * The parts of eld that detection is made of: the database (or the tables compiled from it, see
 * `eld-tables.ts`), the word separators and the byte dictionary.
 */
export interface EldInternals {
  /** Set when the tables were not found precompiled. */
  database?: EldDatabase;
  tables?: EldTables;
  /** eld's global regular expression of non-letter runs (letters of the Basic Multilingual Plane only). */
  separators: RegExp;
  /** eld's 256 one-character stand-ins for UTF-8 bytes. */
  dictionary: readonly string[];
}

/** The installed eld's directory, found the way Node finds a package (eld's exports map hides its files). */
function eldDirectory(): string | undefined {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths("eld") ?? []) {
    if (existsSync(join(dir, "eld", "package.json"))) return join(dir, "eld");
  }
  return undefined;
}

const isDatabase = (x: unknown): x is EldDatabase =>
  typeof x === "object" &&
  x !== null &&
  typeof (x as EldDatabase).languages === "object" &&
  typeof (x as EldDatabase).ngrams === "object";

const EXPORT = "export const ngramsData =";

/**
 * eld's n-gram database, evaluated from its file rather than imported: an imported module stays in
 * memory for good, and the extra-small database alone holds ~25 MB of heap (50,000 small objects) that
 * the compiled engine no longer needs once it has built its tables (~2 MB). The file is one
 * `export const ngramsData = {…}` object literal; anything else and it is not loaded.
 */
async function loadDatabase(dir: string, size: EldSize): Promise<unknown> {
  const file = join(dir, "src", "ngrams", `${size}.js`);
  const source = await readFile(file, "utf8");
  const at = source.indexOf(EXPORT);
  const rest = source.slice(at + EXPORT.length);
  if (at < 0 || rest.includes(EXPORT) || /^\s*(import|export)\b/m.test(rest)) return undefined;
  return compileFunction(`${source.slice(0, at)}return${rest}`, [], { filename: file })();
}

/** Where the package build writes the precompiled tables (`scripts/write-eld-tables.ts`): beside this module in dist/. */
export function eldTablesPath(size: EldSize, dir = dirname(fileURLToPath(import.meta.url))): string {
  return join(dir, `eld-${size}.tables`);
}

/**
 * Loads eld's separators and byte dictionary, and the precompiled tables from `tablesDir` (default:
 * beside this module) or else eld's database (see `loadDatabase`: collectable once compiled);
 * undefined when the installed eld is not `COMPILED_ELD_VERSION` or its files do not have the
 * expected shape.
 */
export async function loadEldInternals(
  size: EldSize,
  options: { tablesDir?: string } = {},
): Promise<EldInternals | undefined> {
  const dir = eldDirectory();
  if (!dir) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string };
  if (manifest.version !== COMPILED_ELD_VERSION) return undefined;
  const load = (file: string) => import(pathToFileURL(join(dir, "src", file)).href);
  try {
    const tables = await readEldTables(eldTablesPath(size, options.tablesDir), COMPILED_ELD_VERSION, size);
    const [database, patterns, dict] = await Promise.all([
      tables ? undefined : loadDatabase(dir, size),
      load("regexPatterns.js"),
      load("dictionary.js"),
    ]);
    const separators: unknown = patterns.separators;
    const dictionary: unknown = dict.dictionary;
    if (
      !(tables || isDatabase(database)) ||
      !(separators instanceof RegExp) ||
      !separators.global ||
      !Array.isArray(dictionary) ||
      dictionary.length !== 256 ||
      !dictionary.every((c) => typeof c === "string" && c.length === 1 && c.charCodeAt(0) < 256)
    ) {
      return undefined;
    }
    return tables
      ? { tables, separators, dictionary }
      : { database: database as EldDatabase, separators, dictionary };
  } catch {
    return undefined;
  }
}
