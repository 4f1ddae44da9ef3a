import type { Progress } from "@observatory/arena-core";
import type { StderrLines } from "../runtime/stderr-lines.js";
import { formatCount, formatDuration, formatWindowRef } from "./format.js";
import { EtaClock, type ProgressView, quotaLeft } from "./progress-view.js";

/** When stderr is not a terminal: a plain line per finished window, or at least every `intervalMs`. */
export class PlainProgress implements ProgressView {
  readonly #lines: StderrLines;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #eta: EtaClock;
  #lastLine = 0;
  #lastWindowsDone = -1;

  constructor(lines: StderrLines, options: { intervalMs?: number; now?: () => number } = {}) {
    this.#lines = lines;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#eta = new EtaClock(this.#now);
  }

  update(progress: Progress, written: number): void {
    const eta = this.#eta.estimate(progress);
    const now = this.#now();
    if (progress.windowsDone === this.#lastWindowsDone && now - this.#lastLine < this.#intervalMs) return;
    this.#lastWindowsDone = progress.windowsDone;
    this.#lastLine = now;
    const left = quotaLeft(progress);
    this.#lines.line(
      `progress: ${progress.windowsDone}/${progress.windowsTotal} windows, ${formatCount(written)} records, ` +
        `${formatCount(progress.requests)} requests${left === undefined ? "" : ` (${formatCount(left)} left today)`}, ` +
        `window ${formatWindowRef(progress.window)}, ETA ${eta === undefined ? "?" : formatDuration(eta)}`,
    );
  }

  stop(): void {}
}
