import type { Progress } from "@observatory/arena-core";
import type { StderrLines } from "../runtime/stderr-lines.js";
import { formatCount, formatDuration, formatWindowRef } from "./format.js";
import { EtaClock, type ProgressView, quotaLeft } from "./progress-view.js";

/**
 * When stderr is not a terminal: a plain line when a window (or target) is finished, at most one a
 * second, and at least one every `intervalMs` while anything moves.
 */
export class PlainProgress implements ProgressView {
  readonly #lines: StderrLines;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #eta: EtaClock;
  #lastLine = 0;
  #lastWindowsDone = -1;

  readonly #unit: string;
  readonly #minGapMs = 1_000;

  constructor(lines: StderrLines, options: { intervalMs?: number; now?: () => number; unit?: string } = {}) {
    this.#lines = lines;
    this.#unit = options.unit ?? "windows";
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#eta = new EtaClock(this.#now);
  }

  update(progress: Progress, written: number): void {
    const eta = this.#eta.estimate(progress);
    const now = this.#now();
    const since = now - this.#lastLine;
    const moved = progress.windowsDone !== this.#lastWindowsDone;
    // A line per finished window or target (at most one a second), and at least every intervalMs.
    if (since < this.#intervalMs && !(moved && since >= this.#minGapMs)) return;
    this.#lastWindowsDone = progress.windowsDone;
    this.#lastLine = now;
    const left = quotaLeft(progress);
    this.#lines.line(
      `progress: ${progress.windowsDone}/${progress.windowsTotal} ${this.#unit}, ${formatCount(written)} records, ` +
        `${formatCount(progress.requests)} requests${left === undefined ? "" : ` (${formatCount(left)} left today)`}, ` +
        `${progress.window ? `window ${formatWindowRef(progress.window)}, ` : ""}ETA ${eta === undefined ? "?" : formatDuration(eta)}`,
    );
  }

  stop(): void {}
}
