import { type Command, Option } from "commander";
import type { Action } from "./build-program.js";
import { positiveInt } from "./parsers.js";

export const DB_FLAG = "--db [location]";
export const DB_HELP =
  "store records in a database: a directory (embedded, e.g. study.db) or a postgres:// URL; the flag alone uses DATABASE_URL (with or instead of --out)";

/** `observatory db status|export|migrate`: the store's own commands. */
export function addDbCommands(
  program: Command,
  run: <F>(load: () => Promise<Action<F>>) => (...params: unknown[]) => Promise<void>,
): void {
  const db = program
    .command("db")
    .description("the records' store (--db a directory or a postgres:// URL, or DATABASE_URL)");

  db.command("status")
    .option(DB_FLAG, "the store (default DATABASE_URL)")
    .option("--json", "print the status as JSON")
    .description("counts per kind, runs and their coverage, records due for refresh")
    .action(run(async () => (await import("../actions/db-status.js")).dbStatusAction));

  db.command("export")
    .option(DB_FLAG, "the store (default DATABASE_URL)")
    .addOption(
      new Option("-f, --format <format>", "jsonl, csv or parquet")
        .choices(["jsonl", "csv", "parquet"])
        .default("jsonl"),
    )
    .option("-o, --out <file>", "write here (default: stdout; parquet needs --out)")
    .option(
      "--table <table>",
      "content_records (default), comments, user_profiles, relations, playlist_entries, engagement_snapshots, collection_runs, collection_windows, deletions",
      "content_records",
    )
    .option("--platform <name>", "only this platform's rows")
    .option("--since <date>", "content published at or after (UTC)")
    .option("--until <date>", "content published before (UTC, exclusive)")
    .option("--run-id <id>", "only rows this run wrote")
    .option("--batch <n>", "rows per query (default 2000)", positiveInt)
    .description("export a table: records as the collection wrote them (IDs as strings)")
    .action(run(async () => (await import("../actions/db-export.js")).dbExportAction));

  db.command("migrate")
    .option(DB_FLAG, "the store (default DATABASE_URL)")
    .description("create the store's tables, or bring them to this version's schema")
    .action(run(async () => (await import("../actions/db-migrate.js")).dbMigrateAction));
}
