import type { Progress } from "@observatory/arena-core";
import type { ProgressView } from "../progress/progress-view.js";
import type { StderrLines } from "../runtime/stderr-lines.js";
import type { ProgressEvent, RunSummary } from "./machine-schemas.js";

type EventBody = ProgressEvent extends infer E
  ? E extends ProgressEvent
    ? Omit<E, "schema" | "at" | "runId">
    : never
  : never;

/**
 * `--progress json`: stderr becomes NDJSON, one `progressEventSchema` object per line. Every line the
 * command prints for people (warnings, notices) arrives as a `log` event, so a host can parse every
 * line; a progress event per page (at most one per `minGapMs`, and always when a partition finishes or
 * the phase changes), and an `end` event with the summary.
 */
export class JsonProgress implements ProgressView {
  readonly #lines: StderrLines;
  readonly #runId: () => string;
  readonly #now: () => number;
  readonly #minGapMs: number;
  #last = 0;
  #lastDone = -1;
  #lastPhase = "";

  constructor(lines: StderrLines, options: { runId: () => string; now?: () => number; minGapMs?: number }) {
    this.#lines = lines;
    this.#runId = options.runId;
    this.#now = options.now ?? Date.now;
    this.#minGapMs = options.minGapMs ?? 250;
    // Lines for people (already redacted by `lines`) become log events.
    lines.routeThrough((line) => this.emit({ event: "log", message: line.replace(/\n$/, "") }));
  }

  emit(event: EventBody): void {
    const full = {
      schema: "observatory.progress/1",
      at: new Date(this.#now()).toISOString(),
      runId: this.#runId(),
      ...event,
    };
    // Written past `lines` (which would wrap it as a log event), masked as `lines` masks.
    this.#lines.sink.write(`${this.#lines.redact(JSON.stringify(full))}\n`);
  }

  update(p: Progress, written: number): void {
    const now = this.#now();
    const moved = p.windowsDone !== this.#lastDone || p.phase !== this.#lastPhase;
    if (!moved && now - this.#last < this.#minGapMs) return;
    this.#last = now;
    this.#lastDone = p.windowsDone;
    this.#lastPhase = p.phase;
    this.emit({
      event: "progress",
      phase: p.phase,
      requests: p.requests,
      records: p.records,
      written,
      skipped: p.skipped,
      partitionsDone: p.windowsDone,
      partitionsTotal: p.windowsTotal,
      ...(p.window
        ? { partition: { partition: p.window.partition, since: p.window.since, until: p.window.until } }
        : {}),
      ...(p.quota ? { quota: p.quota } : {}),
    });
  }

  end(summary: RunSummary): void {
    this.emit({ event: "end", summary });
  }

  stop(): void {}
}
