import { EXIT } from "../exit-codes.js";
import type { ActionContext } from "../program/build-program.js";
import { alignRows, formatCount } from "../progress/format.js";
import { type DbFlag, dbLocation, openDbStore } from "../runtime/open-store.js";
import { StderrLines } from "../runtime/stderr-lines.js";

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "?");

/** `observatory db status`: what the store holds, which runs covered which days, what is due. */
export async function dbStatusAction(
  ctx: ActionContext,
  flags: { db?: DbFlag; json?: boolean },
): Promise<number> {
  const store = await openDbStore(ctx.io, dbLocation(ctx.io, flags.db, { required: true })!);
  try {
    const status = await store.status();
    if (flags.json) {
      ctx.io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      return EXIT.ok;
    }
    const rows: [string, string][] = [
      ["store", `${status.location} (${status.backend}, schema v${status.schemaVersion})`],
      [
        "content",
        `${formatCount(status.counts.content_records)}${
          Object.keys(status.contentTypes).length
            ? ` (${Object.entries(status.contentTypes)
                .map(([t, n]) => `${t} ${formatCount(n)}`)
                .join(" · ")})`
            : ""
        }`,
      ],
      ["comments", formatCount(status.counts.comments)],
      ["profiles", formatCount(status.counts.user_profiles)],
      ["relations", formatCount(status.counts.relations)],
      ["playlist entries", formatCount(status.counts.playlist_entries)],
      ["snapshots", formatCount(status.counts.engagement_snapshots)],
      ["deletions", formatCount(status.counts.deletions)],
      [
        "due for refresh",
        `${formatCount(status.dueForRefresh)} (published 10–15 days ago, not refreshed at that age)`,
      ],
      ["unchecked > 15 d", formatCount(status.uncheckedPast15Days)],
      ["runs", formatCount(status.runs.length)],
    ];
    const lines = new StderrLines(ctx.io.stdout);
    for (const line of alignRows(rows)) lines.line(line);
    for (const run of status.runs) {
      const coverage = Number(run.windows_total)
        ? ` · windows ${run.windows_done}/${run.windows_total}${
            run.covered_since ? ` · covered ${day(run.covered_since)}..${day(run.covered_until)}` : ""
          }`
        : "";
      lines.line(
        `  ${run.run_id}  ${run.kind} · ${run.status} · ${formatCount(Number(run.records))} records${coverage}`,
      );
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
