import { createHash, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import {
  CollectionAbortedError,
  type CollectOptions,
  ConfigError,
  IncompleteCollectionError,
  type Progress,
  QuotaExhaustedError,
  SilentZeroError,
  WindowsDeferredError,
} from "@observatory/arena-core";
import type { TikTokCollectOptions, TikTokCollector } from "@observatory/arena-tiktok";
import type { WorkerSlot } from "@observatory/store-postgres";
import { EXIT } from "../exit-codes.js";
import { exitForError } from "../exit-for-error.js";
import { type PlannedLine, printDryRun } from "../machine/dry-run.js";
import { JsonProgress } from "../machine/json-progress.js";
import { RequestBudgetSpentError } from "../machine/request-budget.js";
import { summaryJson } from "../machine/summary-json.js";
import { openCollectionDb, runStatusOf } from "../output/db-collection.js";
import { TeeOutput } from "../output/db-output.js";
import { FileOutput } from "../output/file-output.js";
import { openOutput, resolveOutPath } from "../output/open-output.js";
import { OutputCheckpoints } from "../output/output-checkpoints.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import type { GlobalFlags, RunFlags } from "../program/flags.js";
import type { MachineFlags } from "../program/machine-options.js";
import { createProgress } from "../progress/create-progress.js";
import { shellQuote } from "../progress/format.js";
import type { ProgressView } from "../progress/progress-view.js";
import { type Outcome, renderSummary } from "../progress/summary.js";
import { redactPatterns } from "../redact-patterns.js";
import { GracefulStop } from "../runtime/graceful-stop.js";
import { openTikTok, readConfig } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { UsageError } from "../usage-error.js";

export interface CollectionSpec<T> {
  flags: RunFlags & GlobalFlags & MachineFlags & { windowDays?: number };
  /** The command's name in the machine-readable output, e.g. "tiktok collect" (default: from argv). */
  command?: string;
  /** `--dry-run`: the first request of every partition, without sending (absent: no dry run). */
  plan?: () => PlannedLine[];
  /**
   * The default runId, from what identifies the run: the query and sampling, plus what `identity`
   * holds (the output file and format, when the run is not shared through Redis).
   */
  deriveRunId: (identity: Record<string, string>) => string;
  columns: readonly string[];
  idOf: (record: T) => string;
  /** Records carry a detected `language` (content records): the summary counts them. */
  hasLanguage: boolean;
  /** What a partition is: "windows" (video searches) or "targets" (videos, users). */
  unit: "windows" | "targets";
  stream: (
    collector: TikTokCollector,
    options: TikTokCollectOptions,
  ) => AsyncIterable<T> & { report?: TargetReport };
}

/** What list streams (comments, followers…) say about each target. */
export interface TargetReport {
  outcomes: readonly { target: string; status: string; records: number; detail?: string }[];
}

/**
 * Runs a resumable collection to a file or stdout: progress on stderr, Ctrl-C handling, a summary at
 * the end, and the exit code (0 done, 1 failure or windows given up, 3 quota paused, 130 interrupted).
 */
export async function runCollection<T>(ctx: ActionContext, spec: CollectionSpec<T>): Promise<number> {
  const { io } = ctx;
  const started = Date.now();
  const lines = new StderrLines(io.stderr);
  const command = spec.command ?? commandOf(ctx.argv);
  if (spec.flags.dryRun) {
    if (!spec.plan) throw new UsageError(`--dry-run is not available for ${command}.`, "--dry-run");
    return printDryRun(io, lines, command, spec.plan(), spec.flags.json === true);
  }
  if (spec.flags.json && !spec.flags.out && !spec.flags.db) {
    throw new UsageError(
      "--json prints the summary on stdout, where the records go without --out: add --out FILE (or --db).",
      "--json",
    );
  }
  // --progress json: from here on every stderr line is an NDJSON event (lines for people become `log`).
  let eventRunId = "";
  const jsonProgress =
    spec.flags.progress === "json" ? new JsonProgress(lines, { runId: () => eventRunId }) : undefined;
  const outPath = resolveOutPath(io.cwd, spec.flags.out);
  // --db: the store; its checkpoints go to the collector so that a page and its checkpoint commit together.
  const db = await openCollectionDb<T>(ctx, spec.flags, { outPath, deriveRunId: spec.deriveRunId });
  const runId =
    spec.flags.runId ??
    db?.runId ??
    defaultRunId(spec, outPath, readConfig(io, spec.flags).redisUrl !== undefined);
  eventRunId = runId;
  let authority: OutputCheckpoints | undefined;
  let exitCode: number = EXIT.failure;
  let runtime: Awaited<ReturnType<typeof openTikTok>> | undefined;
  let slot: WorkerSlot | undefined;
  try {
    const dbOutput = await db?.output(runId);
    // Many processes may collect one run on a server: each takes a worker slot of its own.
    if (!outPath && db?.store.backend === "postgres") slot = await db.store.workerSlot(runId);
    runtime = await openTikTok(
      io,
      {
        ...spec.flags,
        workerId: workerIdFor(runId, outPath ?? db?.store.location, slot?.slot),
        ...(dbOutput ? { checkpoints: dbOutput.checkpoints } : {}),
        ...(db?.store.backend === "postgres" ? { serverStore: db.store } : {}),
      },
      lines,
      // A file is the authority on what it holds; the shared store (or the database) coordinates.
      outPath
        ? {
            checkpoints: (shared, where) => {
              authority = new OutputCheckpoints(shared, { where, notice: (text) => lines.line(text) });
              return authority;
            },
          }
        : {},
    );
    const file =
      !dbOutput || spec.flags.out
        ? await openOutput<T>(io, {
            out: spec.flags.out,
            format: spec.flags.format,
            columns: spec.columns,
            runId,
            idOf: spec.idOf,
          })
        : undefined;
    if (authority && file instanceof FileOutput) {
      try {
        await authority.attach(file as FileOutput<unknown>, runId);
      } catch (error) {
        await file.close({ completed: false });
        throw error;
      }
    }
    const output = dbOutput ? (file ? new TeeOutput(file, dbOutput) : dbOutput) : file!;
    if (output.resumed) lines.line(`resuming run ${runId} into ${output.target}`);
    jsonProgress?.emit({
      event: "start",
      command,
      output: output.target,
      resumed: output.resumed,
      ...(spec.flags.maxRequests === undefined ? {} : { maxRequests: spec.flags.maxRequests }),
    });
    const progressView: ProgressView =
      jsonProgress ?? (await createProgress(lines, spec.flags.progress !== false, spec.unit));
    const stop = new GracefulStop(io, lines, { beforeExit: () => progressView.stop() });
    let last: Progress | undefined;
    const options: CollectOptions = {
      runId,
      signal: stop.signal,
      onProgress: (p) => {
        last = p;
        dbOutput?.noteProgress(p);
        progressView.update(p, output.stats.total);
      },
      beforeCheckpoint: async (page) => {
        await authority?.beforePage(page.partition);
        await output.commit(page);
        stop.pageCommitted();
      },
    };
    let outcome: Outcome = "completed";
    let failure: string | undefined;
    let resumeAt: string | undefined;
    const collector = runtime.collector;
    const stream = spec.stream(collector, options);
    try {
      for await (const record of stream) output.add(record);
      // The collector found the run completed before this invocation: nothing was asked or written.
      const nothingLeft =
        output.stats.written === 0 && output.stats.replayed === 0 && (last?.requests ?? 0) === 0;
      outcome = nothingLeft && last?.phase === "completed" ? "already-completed" : "completed";
      exitCode = EXIT.ok;
    } catch (error) {
      if (error instanceof RequestBudgetSpentError) {
        outcome = "budget-spent";
        exitCode = EXIT.budgetSpent;
      } else if (error instanceof QuotaExhaustedError) {
        outcome = "paused";
        resumeAt = error.resumeAt;
        exitCode = EXIT.quotaPaused;
      } else if (error instanceof SilentZeroError) {
        outcome = "silent-zeros";
        failure = error.message;
        exitCode = EXIT.silentZeros;
      } else if (error instanceof WindowsDeferredError) {
        outcome = "deferred";
        resumeAt = error.resumeAt;
        failure = error.message;
        exitCode = EXIT.deferred;
      } else if (error instanceof CollectionAbortedError) {
        outcome = "interrupted";
        exitCode = stop.exitCode;
      } else if (error instanceof IncompleteCollectionError) {
        outcome = "incomplete";
        failure = undefined;
        exitCode = EXIT.failure;
      } else if (error instanceof ConfigError || error instanceof UsageError) {
        // Bad input, or a state the command must not go on from (exit 2 with its one line).
        throw error;
      } else if ((error as NodeJS.ErrnoException).code === "EPIPE") {
        outcome = "failed";
        failure = "stdout was closed by its reader";
        exitCode = EXIT.failure;
      } else {
        outcome = "failed";
        failure = redactPatterns(exitForError(error).message);
        exitCode = EXIT.failure;
      }
    } finally {
      stop.dispose();
      progressView.stop();
      dbOutput?.setOutcome(runStatusOf(outcome));
      await output.close({ completed: exitCode === EXIT.ok });
    }
    const argv = [...ctx.argv];
    if (!spec.flags.runId) argv.push("--run-id", runId);
    const facts = {
      outcome,
      progress: last,
      output: output.stats,
      target: output.target,
      runId,
      durationMs: Date.now() - started,
      resumeCommand: `observatory ${argv.map(shellQuote).join(" ")}`,
      ...(resumeAt ? { resumeAt } : {}),
      synthetic: runtime.config.mode === "demo",
      hasLanguage: spec.hasLanguage,
      unit: spec.unit,
      ...(stream.report ? { targets: stream.report.outcomes } : {}),
      ...(failure ? { failure } : {}),
    };
    const machine =
      spec.flags.json || jsonProgress
        ? summaryJson({
            ...facts,
            command,
            exitCode,
            ...(spec.flags.maxRequests === undefined ? {} : { maxRequests: spec.flags.maxRequests }),
          })
        : undefined;
    if (jsonProgress && machine) jsonProgress.end(machine);
    else for (const line of renderSummary(facts)) lines.line(line);
    if (spec.flags.json && machine) {
      // stdout does not pass through `lines`: mask the configured secrets here too.
      await writeAll(io.stdout, `${lines.redact(JSON.stringify(machine))}\n`);
    }
    return exitCode;
  } finally {
    await runtime?.close();
    await slot?.release();
    await db?.store.close();
  }
}

/** "tiktok collect" from `tiktok collect --term x` (global flags before the command skipped). */
export function commandOf(argv: readonly string[]): string {
  const at = argv.indexOf("tiktok");
  if (at >= 0 && argv[at + 1]) return `tiktok ${argv[at + 1]}`;
  return argv.find((a) => !a.startsWith("-")) ?? "observatory";
}

/**
 * The run id when --run-id is not given. stdout is never resumed implicitly: each run to stdout is a
 * new run (the summary prints its id, which --run-id resumes). A file: the query (and the file and
 * format, except with REDIS_URL, where every worker of the same query shares the run whatever its
 * --out), so the same command resumes its file.
 */
export function defaultRunId<T>(
  spec: CollectionSpec<T>,
  outPath: string | undefined,
  shared: boolean,
): string {
  if (!outPath) return `${spec.deriveRunId({ out: "-" })}-${randomBytes(4).toString("hex")}`;
  return shared ? spec.deriveRunId({}) : spec.deriveRunId({ out: outPath, format: spec.flags.format });
}

/**
 * The same worker name for every invocation that writes this output: a resumed run takes over the
 * partition leases its killed predecessor held (with Redis) at once instead of waiting for them to
 * lapse. The output lock keeps two live processes from sharing it. A run stored only in a PostgreSQL
 * server (which any number of processes may collect together) adds the process's worker `slot`
 * (`RecordStore.workerSlot`): live workers never share a name, and a killed one's resume gets its back.
 */
export function workerIdFor(runId: string, outPath: string | undefined, slot?: number): string {
  const digest = createHash("sha256")
    .update(`${hostname()}|${runId}|${outPath ?? "stdout"}`)
    .digest("hex")
    .slice(0, 16);
  return slot === undefined ? `cli-${digest}` : `cli-${digest}-w${slot}`;
}
