import type { RunStatus, StoredKind } from "@observatory/store-postgres";
import type { ActionContext } from "../program/build-program.js";
import type { Outcome } from "../progress/summary.js";
import { argvForRecord, type DbFlag, dbLocation, openDbStore } from "../runtime/open-store.js";
import { DbOutput } from "./db-output.js";

/** What each collecting command stores, by its name on the command line. */
export function storeKindOf(command: string): StoredKind {
  if (command === "user") return "profile";
  if (command === "followers" || command === "following") return "relation";
  return "content";
}

/** The subcommand of `observatory tiktok <command> …`. */
const commandOf = (argv: readonly string[]) => argv[argv.indexOf("tiktok") + 1] ?? argv[0] ?? "collect";

/**
 * With `--db`: opens the store and says how the run's output is made; undefined without it. The
 * default run ID of a store-only run is derived from the query and the store's location (the same
 * from any working folder: a directory is made absolute).
 */
export async function openCollectionDb<T>(
  ctx: ActionContext,
  flags: { db?: DbFlag; out?: string; runId?: string },
  options: {
    outPath: string | undefined;
    deriveRunId: (identity: { out: string; format: string }) => string;
  },
) {
  const where = dbLocation(ctx.io, flags.db);
  if (!where) return undefined;
  const store = await openDbStore(ctx.io, where);
  try {
    const { redactUrl } = await import("@observatory/store-postgres");
    const command = commandOf(ctx.argv);
    return {
      store,
      runId: options.outPath ? undefined : options.deriveRunId({ out: `db:${store.location}`, format: "db" }),
      output: (runId: string) =>
        DbOutput.open<T>(store, {
          runId,
          kind: storeKindOf(command),
          runKind: command,
          platform: "tiktok",
          query: { argv: argvForRecord(ctx.argv, redactUrl) },
        }),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The summary's outcome as the runs table records it. */
export function runStatusOf(outcome: Outcome): RunStatus {
  switch (outcome) {
    case "completed":
    case "already-completed":
      return "completed";
    case "paused":
    case "deferred":
    case "budget-spent":
      return "paused";
    case "incomplete":
    case "silent-zeros":
      return "incomplete";
    case "interrupted":
      return "interrupted";
    default:
      return "failed";
  }
}
