import { planRefreshRequests } from "@observatory/arena-tiktok";
import { printDryRun } from "../machine/dry-run.js";
import { runStatusOf } from "../output/db-collection.js";
import type { ActionContext } from "../program/build-program.js";
import type { RefreshFlags } from "../program/flags.js";
import { alignRows, formatCount, formatDuration } from "../progress/format.js";
import { GracefulStop } from "../runtime/graceful-stop.js";
import { dbLocation, openDbStore } from "../runtime/open-store.js";
import { openTikTok } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { toLine } from "./collect-query.js";
import { type RefreshEnd, RefreshMachine, refreshEnd } from "./refresh-machine.js";

const PLATFORM = "tiktok";
const MISSING_REASON = "no longer served by the platform (refresh)";

/**
 * `observatory tiktok refresh --db STORE`: new engagement counts for the stored videos that are due
 * (published 10–15 days ago and not refreshed at that age; `--all`: every video), in place. Each batch
 * (one request of up to 100 videos) commits its counts, a snapshot per video and `last_checked_at` in
 * one transaction; a stopped refresh is continued by the same command (what was refreshed is no
 * longer due). Videos that did not come back are checked and reported, and deleted (logged in
 * `deletions`) with `--delete-missing`.
 */
export async function dbRefreshAction(
  ctx: ActionContext,
  flags: RefreshFlags & { db?: string | boolean; all?: boolean; deleteMissing?: boolean },
): Promise<number> {
  const { io } = ctx;
  const started = Date.now();
  const lines = new StderrLines(io.stderr);
  const runId = `refresh-${new Date().toISOString()}`;
  const machine = new RefreshMachine(io, lines, flags, ctx.argv, runId);
  const store = await openDbStore(io, dbLocation(io, flags.db)!);
  try {
    const due = await store.dueForRefresh({
      platform: PLATFORM,
      contentType: "video",
      all: flags.all === true,
    });
    const rows: [string, string][] = [];
    const summary = (end: RefreshEnd, written: number, missing: readonly string[], synthetic: boolean) =>
      machine.finish(
        end,
        {
          output: { written, total: written, replayed: 0, languages: {}, dropped: {} },
          target: store.location,
          missing,
          synthetic,
        },
        () => {
          lines.line("── summary ──");
          for (const line of alignRows(rows)) lines.line(line);
        },
      );
    if (flags.dryRun) {
      const planned = planRefreshRequests(
        due.map((d) => ({
          id: d.platform_id,
          publishedAt: d.published_at === null ? null : Date.parse(d.published_at),
        })),
      );
      return printDryRun(io, lines, "tiktok refresh", planned.map(toLine), flags.json === true);
    }
    machine.start(store.location, false);
    if (!due.length) {
      rows.push([
        "status",
        flags.all
          ? "the store holds no TikTok videos"
          : "no video is due (published 10–15 days ago and not refreshed at that age)",
      ]);
      const end = refreshEnd(undefined, false);
      await summary(end, 0, [], false);
      return end.exitCode;
    }
    const publishedAt = new Map(
      due.map((d) => [d.platform_id, d.published_at === null ? null : Date.parse(d.published_at)]),
    );
    const runtime = await openTikTok(io, flags, lines);
    let refreshed = 0;
    const missing: string[] = [];
    let result: Awaited<ReturnType<typeof runtime.collector.refreshEngagement>> | undefined;
    let end: RefreshEnd | undefined;
    try {
      await store.runs.start({
        runId,
        kind: "refresh",
        platform: PLATFORM,
        query: { all: flags.all === true, due: due.length },
      });
      const progress = await machine.view(flags.progress !== false);
      // Ctrl-C / SIGTERM: stop after the batch in flight is committed (or at once after a second).
      const stop = new GracefulStop(io, lines, { beforeExit: () => progress.stop() });
      try {
        result = await runtime.collector.refreshEngagement([...publishedAt.keys()], {
          runId,
          signal: stop.signal,
          keepUpdated: false,
          earlierRecords: {
            publishedAt: (id) => publishedAt.get(id),
            read: async (ids) =>
              new Map((await store.recordsByIds(PLATFORM, ids)).map((r) => [r.platform_id, r])),
          },
          onProgress: (p) => progress.update(p, refreshed),
          onBatch: async ({ updated, missing: gone }) => {
            await store.recordRefresh(PLATFORM, updated, [...updated.map((r) => r.platform_id), ...gone], {
              runId,
            });
            await store.runs.add(runId, { records: updated.length, pages: 1 });
            refreshed += updated.length;
            missing.push(...gone);
            stop.pageCommitted();
          },
        });
      } catch (error) {
        end = machine.failed(error, stop);
      } finally {
        stop.dispose();
        progress.stop();
      }
      end ??= refreshEnd(result, runtime.budget?.refused === true);
      let deleted = 0;
      if (flags.deleteMissing && missing.length)
        deleted = await store.deleteRecords(PLATFORM, missing, MISSING_REASON, runId);
      await store.runs.add(runId, { requests: result?.requests ?? machine.last?.requests ?? 0 });
      await store.runs.finish(runId, runStatusOf(end.outcome));
      rows.push(
        [
          "refreshed",
          `${formatCount(refreshed)} of ${formatCount(due.length)} ${flags.all ? "videos" : "due videos"}`,
        ],
        [
          "missing",
          `${formatCount(missing.length)} (deleted, made private or out of reach)${
            flags.deleteMissing
              ? `; ${formatCount(deleted)} deleted from the store and logged in deletions`
              : missing.length
                ? "; --delete-missing deletes them (logged)"
                : ""
          }`,
        ],
        ["requests", formatCount(result?.requests ?? machine.last?.requests ?? 0)],
      );
      if (result?.pending.length) {
        const why =
          end.outcome === "budget-spent"
            ? ` (--max-requests ${flags.maxRequests} spent)`
            : result.paused
              ? ` (quota spent; resumes at ${result.paused.resumeAt})`
              : "";
        rows.push([
          "pending",
          `${formatCount(result.pending.length)} not refreshed${why}: run the same command again`,
        ]);
      }
      for (const failure of result?.failures ?? [])
        rows.push(["failed", `a batch of ${failure.ids}: ${failure.reason}`]);
      if (end.outcome === "failed" && end.failure) rows.push(["failed", end.failure]);
      if (end.outcome === "interrupted")
        rows.push([
          "stopped",
          "interrupted after a committed batch: run the same command again (without --all it asks only for the videos still due)",
        ]);
      if (runtime.config.mode === "demo") rows.push(["data", "SYNTHETIC (built-in emulator)"]);
      rows.push(
        ["run", runId],
        ["store", store.location],
        ["duration", formatDuration(Date.now() - started)],
      );
      await summary(end, refreshed, missing, runtime.config.mode === "demo");
      return end.exitCode;
    } finally {
      await runtime.close();
    }
  } finally {
    await store.close();
  }
}
