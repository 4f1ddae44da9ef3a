import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "@observatory/arena-core";

/** Where the records live: an embedded PGlite directory, or a PostgreSQL server. */
export type StoreLocation =
  | { kind: "pglite"; dir: string; display: string }
  | { kind: "postgres"; url: string; display: string };

/** The URL with any password replaced by "***": the only form of a URL that messages show. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:)([^@/?#]*)@/i, "$1***@")
    .replace(/([?&]password=)[^&#]*/gi, "$1***");
}

const isUrl = (value: string) => /^postgres(?:ql)?:\/\//i.test(value);

/**
 * A directory path means PGlite; a `postgres://` (or `postgresql://`) URL means a server. `source`
 * names where the value came from ("--db", "DATABASE_URL") so an error can say what to fix.
 */
export function parseStoreLocation(
  value: string,
  options: { cwd?: string; source?: string } = {},
): StoreLocation {
  const source = options.source ?? "--db";
  const trimmed = value.trim();
  if (!trimmed) {
    throw new ConfigError(`${source} is empty: give a directory (e.g. study.db) or a postgres:// URL.`, {
      field: source,
    });
  }
  if (isUrl(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new ConfigError(
        `${source} (${redactUrl(trimmed)}) is not a valid URL: write postgres://USER:PASSWORD@HOST:PORT/DATABASE.`,
        { field: source },
      );
    }
    if (!parsed.hostname && !parsed.searchParams.get("host")) {
      throw new ConfigError(
        `${source} (${redactUrl(trimmed)}) names no host: write postgres://USER:PASSWORD@HOST:PORT/DATABASE.`,
        { field: source },
      );
    }
    if (!parsed.pathname || parsed.pathname === "/") {
      throw new ConfigError(
        `${source} (${redactUrl(trimmed)}) names no database: add it after the host, e.g. postgres://HOST:5432/observatory.`,
        { field: source },
      );
    }
    return { kind: "postgres", url: trimmed, display: redactUrl(trimmed) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new ConfigError(`${source} (${redactUrl(trimmed)}) is neither a directory nor a postgres:// URL.`, {
      field: source,
    });
  }
  const dir = isAbsolute(trimmed) ? trimmed : resolve(options.cwd ?? process.cwd(), trimmed);
  return { kind: "pglite", dir, display: dir };
}
