import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { planRefreshRequests } from "@observatory/arena-tiktok";
import { readRecordIds } from "../input/read-records.js";
import { RecordFileIndex } from "../input/record-file-index.js";
import { printDryRun } from "../machine/dry-run.js";
import { MissingMemory } from "../output/missing-memory.js";
import { openOutput, resolveOutPath } from "../output/open-output.js";
import { readSidecar } from "../output/resume-sidecar.js";
import type { ActionContext } from "../program/build-program.js";
import type { RefreshFlags } from "../program/flags.js";
import { alignRows, formatCount, formatDuration } from "../progress/format.js";
import { GracefulStop } from "../runtime/graceful-stop.js";
import { openTikTok } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { UsageError } from "../usage-error.js";
import { toLine } from "./collect-query.js";
import { type RefreshEnd, RefreshMachine, refreshEnd } from "./refresh-machine.js";

const REFRESH_RUN_ID = "refresh";

/**
 * `observatory tiktok refresh --in records.jsonl`: new engagement counts for records collected earlier.
 * Each batch (one request of up to 100 videos) is written as soon as it is refreshed, exactly once,
 * like a collection's pages. With `--out`, a refresh that stops early (a spent quota, a failure, a
 * kill) is continued by the same command: the videos already in `--out` are not asked for again.
 * `--in` is indexed, not held: each batch's records are read back from it when the batch returns.
 */
export async function refreshAction(ctx: ActionContext, flags: RefreshFlags): Promise<number> {
  if (flags.db !== undefined && flags.db !== false) {
    if (flags.in) throw new UsageError("give --in (a file) or --db (a store), not both.", "--in");
    return (await import("./db-refresh.js")).dbRefreshAction(ctx, flags);
  }
  if (!flags.in) {
    throw new UsageError(
      "--in is missing: the records to refresh (a file), or --db STORE to refresh a store in place.",
      "--in",
    );
  }
  const inFile = flags.in;
  const { io } = ctx;
  const started = Date.now();
  const lines = new StderrLines(io.stderr);
  // Every refresh output has this run ID: the same --out continues with whatever of --in it lacks.
  const runId = REFRESH_RUN_ID;
  const machine = new RefreshMachine(io, lines, flags, ctx.argv, runId);
  const records = await RecordFileIndex.open(io.cwd, inFile, {
    flag: "--in",
    select: (record, where) => {
      if (record.content_type !== "video") return false;
      if (record.platform !== "tiktok") {
        throw new UsageError(
          `${where}: a ${record.platform} video; only TikTok videos can be refreshed here.`,
          "--in",
        );
      }
      return true;
    },
  });
  if (!records.size) throw new UsageError(`--in ${inFile} holds no video records to refresh.`, "--in");
  if (flags.dryRun) {
    const planned = planRefreshRequests(
      records.ids().map((id) => ({ id, publishedAt: records.publishedAt(id) })),
    );
    return printDryRun(io, lines, "tiktok refresh", planned.map(toLine), flags.json === true);
  }
  const outPath = resolveOutPath(io.cwd, flags.out);
  if (outPath && outPath === resolveOutPath(io.cwd, inFile)) {
    throw new UsageError(
      "--out must differ from --in: the records you refresh are kept as they were.",
      "--out",
    );
  }
  const runtime = await openTikTok(io, flags, lines);
  try {
    const earlier = outPath ? await readSidecar(outPath) : undefined;
    if (earlier && earlier.runId !== runId) {
      throw new UsageError(
        `--out ${flags.out} holds the records of a collection (run ${earlier.runId}), not of a refresh: choose another --out.`,
        "--out",
      );
    }
    const output = await openOutput<ContentRecord>(io, {
      out: flags.out,
      format: flags.format,
      columns: CONTENT_RECORD_FIELDS,
      runId,
      idOf: (r) => r.platform_id,
    });
    let result: Awaited<ReturnType<typeof runtime.collector.refreshEngagement>> | undefined;
    let done = new Set<string>();
    let completed = false;
    let end: RefreshEnd | undefined;
    /** The videos this invocation found missing (also when it was stopped before the end). */
    const missingNow: string[] = [];
    const missingMemory = outPath ? new MissingMemory(runtime.state.checkpoints, outPath) : undefined;
    let missingBefore: ReadonlySet<string> = new Set();
    try {
      machine.start(output.target, output.resumed);
      if (output.resumed && outPath) {
        lines.line(`continuing the refresh in ${output.target}`);
        done = await readRecordIds(io.cwd, outPath, "--out", flags.format);
      }
      missingBefore = (await missingMemory?.load(output.resumed)) ?? missingBefore;
      const todo = records.ids().filter((id) => !done.has(id) && !missingBefore.has(id));
      if (todo.length) {
        const progress = await machine.view(flags.progress !== false);
        // Ctrl-C / SIGTERM: stop after the batch in flight is written (or at once after a second).
        const stop = new GracefulStop(io, lines, { beforeExit: () => progress.stop() });
        try {
          result = await runtime.collector.refreshEngagement(todo, {
            signal: stop.signal,
            earlierRecords: records,
            keepUpdated: false, // each batch is written by onBatch
            onProgress: (p) => progress.update(p, output.stats.total),
            onBatch: async ({ updated, missing }) => {
              for (const record of updated) output.add(record);
              await output.commit({
                runId,
                partition: "refresh",
                ids: updated.map((r) => r.platform_id),
                done: false,
              });
              await missingMemory?.add(missing);
              missingNow.push(...missing);
              stop.pageCommitted();
            },
          });
        } catch (error) {
          end = machine.failed(error, stop);
        } finally {
          stop.dispose();
          progress.stop();
        }
      }
      completed = !end && (!result || result.pending.length === 0);
    } finally {
      await output.close({ completed });
    }

    const refreshedBefore = done.size;
    const rows: [string, string][] = [
      [
        "refreshed",
        `${formatCount(output.stats.written)} of ${formatCount(records.size)} videos${
          refreshedBefore ? ` (and ${formatCount(refreshedBefore)} by an earlier run into this --out)` : ""
        }`,
      ],
    ];
    if (!result && !end) {
      rows.push([
        "status",
        "nothing left to ask for: every video of --in is in --out or was found missing earlier (a new --out refreshes again)",
      ]);
    }
    if (result || missingNow.length || missingBefore.size) {
      const missing = missingNow;
      rows.push([
        "missing",
        `${formatCount(missing.length)} (deleted, made private or out of reach)${sample(missing)}${
          missingBefore.size
            ? `; ${formatCount(missingBefore.size)} found missing by an earlier run into this --out, not asked again`
            : ""
        }`,
      ]);
    }
    rows.push(["requests", formatCount(result?.requests ?? 0)]);
    end ??= refreshEnd(result, runtime.budget?.refused === true);
    const budgetSpent = end.outcome === "budget-spent";
    if (result?.pending.length) {
      rows.push([
        "pending",
        `${formatCount(result.pending.length)} not refreshed${
          budgetSpent
            ? ` (--max-requests ${flags.maxRequests} spent)`
            : result.paused
              ? ` (quota spent; resumes at ${result.paused.resumeAt})`
              : ""
        }`,
      ]);
    }
    if (end.failure && end.outcome === "failed") rows.push(["failed", end.failure]);
    if (end.outcome === "interrupted") {
      rows.push([
        "stopped",
        `interrupted after a written batch: ${
          outPath
            ? "run the same command again: it asks only for the videos not in --out"
            : "give --out to continue where a refresh stops"
        }`,
      ]);
    }
    for (const failure of result?.failures ?? [])
      rows.push(["failed", `a batch of ${failure.ids}: ${failure.reason}`]);
    if (runtime.config.mode === "demo") rows.push(["data", "SYNTHETIC (built-in emulator)"]);
    rows.push(["duration", formatDuration(Date.now() - started)]);
    rows.push(["output", outPath ?? "stdout"]);
    if (result?.pending.length) {
      rows.push([
        "again",
        outPath
          ? `run the same command again${result.paused && !budgetSpent ? " after the reset" : ""}: it asks only for the ${formatCount(result.pending.length)} videos left`
          : "run the same command again (later, if the quota is spent), or give --out to continue where it stopped",
      ]);
    }
    await machine.finish(
      end,
      {
        output: output.stats,
        target: outPath ?? "stdout",
        missing: missingNow,
        synthetic: runtime.config.mode === "demo",
      },
      () => {
        lines.line("── summary ──");
        for (const line of alignRows(rows)) lines.line(line);
      },
    );
    return end.exitCode;
  } finally {
    await runtime.close();
  }
}

const sample = (ids: readonly string[]) =>
  ids.length ? `: ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}` : "";
