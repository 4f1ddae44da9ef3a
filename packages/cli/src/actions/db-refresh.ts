import { EXIT } from "../exit-codes.js";
import type { ActionContext } from "../program/build-program.js";
import type { RefreshFlags } from "../program/flags.js";
import { createProgress } from "../progress/create-progress.js";
import { alignRows, formatCount, formatDuration } from "../progress/format.js";
import { dbLocation, openDbStore } from "../runtime/open-store.js";
import { openTikTok } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";

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
  const store = await openDbStore(io, dbLocation(io, flags.db)!);
  try {
    const due = await store.dueForRefresh({
      platform: PLATFORM,
      contentType: "video",
      all: flags.all === true,
    });
    const rows: [string, string][] = [];
    if (!due.length) {
      rows.push([
        "status",
        flags.all
          ? "the store holds no TikTok videos"
          : "no video is due (published 10–15 days ago and not refreshed at that age)",
      ]);
      lines.line("── summary ──");
      for (const line of alignRows(rows)) lines.line(line);
      return EXIT.ok;
    }
    const runId = `refresh-${new Date().toISOString()}`;
    const publishedAt = new Map(
      due.map((d) => [d.platform_id, d.published_at === null ? null : Date.parse(d.published_at)]),
    );
    const runtime = await openTikTok(io, flags, lines);
    let refreshed = 0;
    const missing: string[] = [];
    let result: Awaited<ReturnType<typeof runtime.collector.refreshEngagement>> | undefined;
    try {
      await store.runs.start({
        runId,
        kind: "refresh",
        platform: PLATFORM,
        query: { all: flags.all === true, due: due.length },
      });
      const progress = await createProgress(lines, flags.progress !== false, "batches");
      try {
        result = await runtime.collector.refreshEngagement([...publishedAt.keys()], {
          runId,
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
          },
        });
      } finally {
        progress.stop();
      }
      let deleted = 0;
      if (flags.deleteMissing && missing.length)
        deleted = await store.deleteRecords(PLATFORM, missing, MISSING_REASON, runId);
      const status = result.paused
        ? "paused"
        : result.failures.length || result.pending.length
          ? "incomplete"
          : "completed";
      await store.runs.add(runId, { requests: result.requests });
      await store.runs.finish(runId, status);
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
        ["requests", formatCount(result.requests)],
      );
      if (result.pending.length) {
        rows.push([
          "pending",
          `${formatCount(result.pending.length)} not refreshed${result.paused ? ` (quota spent; resumes at ${result.paused.resumeAt})` : ""}: run the same command again`,
        ]);
      }
      for (const failure of result.failures)
        rows.push(["failed", `a batch of ${failure.ids}: ${failure.reason}`]);
      if (runtime.config.mode === "demo") rows.push(["data", "SYNTHETIC (built-in emulator)"]);
      rows.push(
        ["run", runId],
        ["store", store.location],
        ["duration", formatDuration(Date.now() - started)],
      );
    } finally {
      await runtime.close();
    }
    lines.line("── summary ──");
    for (const line of alignRows(rows)) lines.line(line);
    if (result?.paused) return EXIT.quotaPaused;
    return result?.failures.length || result?.pending.length ? EXIT.failure : EXIT.ok;
  } finally {
    await store.close();
  }
}
