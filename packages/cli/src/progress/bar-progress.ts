import type { Progress } from "@observatory/arena-core";
import type { MultiBar, SingleBar } from "cli-progress";
import type { TextSink } from "../cli-io.js";
import type { StderrLines } from "../runtime/stderr-lines.js";
import { formatCount, formatWindowRef } from "./format.js";
import { type ProgressView, quotaLeft } from "./progress-view.js";

/** A live bar when stderr is a terminal: windows done/total, records, requests and quota left, window, ETA. */
export class BarProgress implements ProgressView {
  readonly #multi: MultiBar;
  readonly #bar: SingleBar;
  readonly #lines: StderrLines;

  constructor(
    cliProgress: typeof import("cli-progress"),
    stream: TextSink,
    lines: StderrLines,
    unit: string,
  ) {
    this.#lines = lines;
    this.#multi = new cliProgress.MultiBar(
      {
        stream: stream as NodeJS.WritableStream,
        format: `{bar} {value}/{total} ${unit} | {records} records | {requests} requests, {quotaLeft} left today | {window} | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        etaBuffer: 30,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    this.#bar = this.#multi.create(1, 0, { records: "0", requests: "0", quotaLeft: "?", window: "-" });
    lines.routeThrough((line) => this.#multi.log(line));
  }

  update(progress: Progress, written: number): void {
    const left = quotaLeft(progress);
    this.#bar.setTotal(Math.max(1, progress.windowsTotal));
    this.#bar.update(progress.windowsDone, {
      records: formatCount(written),
      requests: formatCount(progress.requests),
      quotaLeft: left === undefined ? "?" : formatCount(left),
      window: formatWindowRef(progress.window),
    });
  }

  stop(): void {
    this.#multi.stop();
    this.#lines.routeThrough(undefined);
  }
}
