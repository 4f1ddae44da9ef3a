import type { OpenStoreOptions, RecordStore } from "@observatory/store-postgres";
import type { CliIo } from "../cli-io.js";
import { UsageError } from "../usage-error.js";

/** `--db` as commander gives it: a location, `true` (the flag alone: DATABASE_URL), or absent. */
export type DbFlag = string | boolean | undefined;

/** The `--db` value and where it came from (for messages), or undefined when the command has no --db. */
export function dbLocation(
  io: CliIo,
  db: DbFlag,
  options: { required?: boolean } = {},
): { value: string; source: string } | undefined {
  if (typeof db === "string") return { value: db, source: "--db" };
  if (db === true || options.required) {
    const url = io.env.DATABASE_URL;
    if (url) return { value: url, source: "DATABASE_URL" };
    throw new UsageError(
      "--db needs a location: a directory (e.g. --db study.db, an embedded database) or a postgres:// URL; or set DATABASE_URL.",
      "--db",
    );
  }
  return undefined;
}

/**
 * Opens the store `--db` (or DATABASE_URL) names: a directory is an embedded PGlite database (created
 * on first use), a postgres:// URL a server. Errors name the flag or variable and never the password
 * (they are ConfigErrors: exit 2).
 */
export async function openDbStore(
  io: CliIo,
  location: { value: string; source: string },
  options: Pick<OpenStoreOptions, "migrate" | "onMigrated"> = {},
): Promise<RecordStore> {
  const { openStore } = await import("@observatory/store-postgres");
  return openStore(location.value, { cwd: io.cwd, source: location.source, ...options });
}

/** The command line with the `--db` value masked (a URL's password), for the runs table. */
export function argvForRecord(argv: readonly string[], redact: (url: string) => string): string[] {
  return argv.map((arg, i) =>
    argv[i - 1] === "--db" ? redact(arg) : arg.startsWith("--db=") ? `--db=${redact(arg.slice(5))}` : arg,
  );
}
