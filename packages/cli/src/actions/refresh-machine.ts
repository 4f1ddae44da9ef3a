import { ConfigError, type Progress } from "@observatory/arena-core";
import type { TikTokRefreshResult } from "@observatory/arena-tiktok";
import type { CliIo } from "../cli-io.js";
import { EXIT } from "../exit-codes.js";
import { exitForError } from "../exit-for-error.js";
import { JsonProgress } from "../machine/json-progress.js";
import type { RunSummary } from "../machine/machine-schemas.js";
import { summaryJson } from "../machine/summary-json.js";
import type { OutputStats } from "../output/record-output.js";
import { writeAll } from "../output/stdout-output.js";
import type { MachineFlags } from "../program/machine-options.js";
import { createProgress } from "../progress/create-progress.js";
import { shellQuote } from "../progress/format.js";
import type { ProgressView } from "../progress/progress-view.js";
import type { Outcome } from "../progress/summary.js";
import { redactPatterns } from "../redact-patterns.js";
import type { StderrLines } from "../runtime/stderr-lines.js";
import { UsageError } from "../usage-error.js";

const COMMAND = "tiktok refresh";

/** How a refresh ended, for the exit code and the machine summary. */
export interface RefreshEnd {
  outcome: Outcome;
  exitCode: number;
  resumeAt?: string;
  failure?: string;
}

/**
 * How a refresh ended: nothing left to ask (already completed), done, stopped by `--max-requests`
 * (exit 6, resumable at once), paused by the daily quota (exit 3), or batches left (exit 1).
 * `budgetRefused`: the run's request budget refused a request (the pause was the budget's, not the quota's).
 */
export function refreshEnd(result: TikTokRefreshResult | undefined, budgetRefused: boolean): RefreshEnd {
  if (!result) return { outcome: "already-completed", exitCode: EXIT.ok };
  if (result.paused && budgetRefused) return { outcome: "budget-spent", exitCode: EXIT.budgetSpent };
  if (result.paused) {
    return { outcome: "paused", exitCode: EXIT.quotaPaused, resumeAt: result.paused.resumeAt };
  }
  if (result.failures.length || result.pending.length) {
    const [first] = result.failures;
    return {
      outcome: "incomplete",
      exitCode: EXIT.failure,
      ...(first
        ? { failure: `${result.failures.length} batch(es) failed on every retry, e.g. ${first.reason}` }
        : {}),
    };
  }
  return { outcome: "completed", exitCode: EXIT.ok };
}

/**
 * The machine interface of `refresh` (file or `--db`): `--json` (the summary as one
 * `runSummarySchema` object on stdout), `--progress json` (NDJSON events on stderr, every line for
 * people a `log` event) and `--max-requests` (reported as `budget-spent`, exit 6). Partitions are
 * the invocation's batches (one request of up to 100 videos each); `targets` lists the videos that
 * did not come back (`not_found`).
 */
export class RefreshMachine {
  readonly #io: CliIo;
  readonly #lines: StderrLines;
  readonly #flags: MachineFlags;
  readonly #argv: readonly string[];
  readonly #started = Date.now();
  readonly #events: JsonProgress | undefined;
  #runId: string;
  /** The last progress the refresh reported. */
  last: Progress | undefined;

  constructor(
    io: CliIo,
    lines: StderrLines,
    flags: MachineFlags & { out?: string; db?: string | boolean },
    argv: readonly string[],
    runId: string,
  ) {
    const toStore = flags.db !== undefined && flags.db !== false;
    if (flags.json && !flags.dryRun && !flags.out && !toStore) {
      throw new UsageError(
        "--json prints the summary on stdout, where the refreshed records go without --out: add --out FILE (or --db).",
        "--json",
      );
    }
    this.#io = io;
    this.#lines = lines;
    this.#flags = flags;
    this.#argv = argv;
    this.#runId = runId;
    // From here on every stderr line is an NDJSON event (lines for people become `log` events).
    this.#events =
      flags.progress === "json" && !flags.dryRun
        ? new JsonProgress(lines, { runId: () => this.#runId })
        : undefined;
  }

  /** True when a host reads the outcome as JSON: a failure becomes a `failed` summary, not a bare message. */
  get active(): boolean {
    return this.#flags.json === true || this.#events !== undefined;
  }

  set runId(runId: string) {
    this.#runId = runId;
  }

  start(output: string, resumed: boolean): void {
    this.#events?.emit({
      event: "start",
      command: COMMAND,
      output,
      resumed,
      ...(this.#flags.maxRequests === undefined ? {} : { maxRequests: this.#flags.maxRequests }),
    });
  }

  /** The progress view: NDJSON events, or the bar / plain lines / nothing for people. */
  async view(enabled: boolean): Promise<ProgressView> {
    const people = this.#events ? undefined : await createProgress(this.#lines, enabled, "batches");
    return {
      update: (p, written) => {
        this.last = p;
        (this.#events ?? people)?.update(p, written);
      },
      stop: () => people?.stop(),
    };
  }

  /**
   * A refresh that threw: stopped by Ctrl-C or SIGTERM (`stop`), an `interrupted` end; otherwise
   * rethrown (a one-line message, its exit code) unless a host reads JSON, which gets a `failed`
   * summary instead. Bad input and configuration are always rethrown (exit 2).
   */
  failed(error: unknown, stop?: { requested: boolean; exitCode: number }): RefreshEnd {
    const { code, message } = exitForError(error);
    // Ctrl-C or SIGTERM: every batch before it is kept; the same command goes on (130 or 143).
    if (stop?.requested && code === EXIT.interrupted)
      return { outcome: "interrupted", exitCode: stop.exitCode };
    if (!this.active || error instanceof UsageError || error instanceof ConfigError) throw error;
    return { outcome: "failed", exitCode: code, failure: redactPatterns(message) };
  }

  /**
   * The end: the `end` event (with --progress json) or `people()` (the summary table for people), and
   * the summary on stdout with --json.
   */
  async finish(
    end: RefreshEnd,
    facts: { output: OutputStats; target: string; missing: readonly string[]; synthetic: boolean },
    people: () => void,
  ): Promise<RunSummary | undefined> {
    const summary = this.active
      ? summaryJson({
          ...end,
          command: COMMAND,
          progress: this.last,
          output: facts.output,
          target: facts.target,
          runId: this.#runId,
          durationMs: Date.now() - this.#started,
          resumeCommand: `observatory ${this.#argv.map(shellQuote).join(" ")}`,
          synthetic: facts.synthetic,
          hasLanguage: false,
          unit: "batches",
          targets: facts.missing.map((id) => ({ target: id, status: "not_found", records: 0 })),
          ...(this.#flags.maxRequests === undefined ? {} : { maxRequests: this.#flags.maxRequests }),
        })
      : undefined;
    if (this.#events && summary) this.#events.end(summary);
    else people();
    if (this.#flags.json && summary) {
      // stdout does not pass through `lines`: mask the configured secrets here too.
      await writeAll(this.#io.stdout, `${this.#lines.redact(JSON.stringify(summary))}\n`);
    }
    return summary;
  }
}
