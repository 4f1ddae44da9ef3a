import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

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

/** The parts of eld that detection is made of: the database, the word separators and the byte dictionary. */
export interface EldInternals {
  database: EldDatabase;
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

/**
 * Loads eld's internal modules (the same module instances eld's own entry points import, so the
 * database is in memory once), or undefined when the installed eld is not `COMPILED_ELD_VERSION` or
 * its files do not have the expected shape.
 */
export async function loadEldInternals(size: EldSize): Promise<EldInternals | undefined> {
  const dir = eldDirectory();
  if (!dir) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string };
  if (manifest.version !== COMPILED_ELD_VERSION) return undefined;
  const load = (file: string) => import(pathToFileURL(join(dir, "src", file)).href);
  try {
    const [ngrams, patterns, dict] = await Promise.all([
      load(`ngrams/${size}.js`),
      load("regexPatterns.js"),
      load("dictionary.js"),
    ]);
    const database: unknown = ngrams.ngramsData;
    const separators: unknown = patterns.separators;
    const dictionary: unknown = dict.dictionary;
    if (
      !isDatabase(database) ||
      !(separators instanceof RegExp) ||
      !separators.global ||
      !Array.isArray(dictionary) ||
      dictionary.length !== 256 ||
      !dictionary.every((c) => typeof c === "string" && c.length === 1 && c.charCodeAt(0) < 256)
    ) {
      return undefined;
    }
    return { database, separators, dictionary };
  } catch {
    return undefined;
  }
}
