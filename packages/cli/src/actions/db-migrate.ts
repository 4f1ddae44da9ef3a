import { EXIT } from "../exit-codes.js";
import type { ActionContext } from "../program/build-program.js";
import { type DbFlag, dbLocation, openDbStore } from "../runtime/open-store.js";
import { StderrLines } from "../runtime/stderr-lines.js";

/** `observatory db migrate`: creates the tables, or applies the migrations the store lacks. */
export async function dbMigrateAction(ctx: ActionContext, flags: { db?: DbFlag }): Promise<number> {
  const lines = new StderrLines(ctx.io.stderr);
  let report: { from: number; to: number; applied: { version: number; name: string }[] } | undefined;
  const store = await openDbStore(ctx.io, dbLocation(ctx.io, flags.db, { required: true })!, {
    onMigrated: (r) => {
      report = r;
    },
  });
  try {
    if (!report?.applied.length) {
      lines.line(`${store.location}: schema v${report?.to ?? (await store.schemaVersion())}, up to date`);
    } else {
      for (const m of report.applied) lines.line(`applied v${m.version}: ${m.name}`);
      lines.line(`${store.location}: schema v${report.from} → v${report.to}`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
