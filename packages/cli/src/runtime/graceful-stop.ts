import type { CliIo, StopSignal } from "../cli-io.js";
import { EXIT } from "../exit-codes.js";
import type { StderrLines } from "./stderr-lines.js";

/**
 * Ctrl-C (and SIGTERM) handling for a collection. The first signal asks for a stop after the current
 * page: the page is written and checkpointed, then the collector's signal is aborted. If no page
 * completes within `graceMs` (default 1 s: a slow request, a stalled body, a token request, a retry
 * back-off), the signal is aborted then, which stops every request at once; nothing is lost, since the
 * page in flight was never checkpointed. A second signal exits immediately (exit 130, or 143 after a
 * SIGTERM); the output is brought back to the last checkpoint on resume.
 */
export class GracefulStop {
  readonly #controller = new AbortController();
  readonly #io: CliIo;
  readonly #lines: StderrLines;
  readonly #graceMs: number;
  readonly #beforeExit: () => void;
  #requested = false;
  #signal: StopSignal = "SIGINT";
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: () => void;

  constructor(io: CliIo, lines: StderrLines, options: { graceMs?: number; beforeExit?: () => void } = {}) {
    this.#io = io;
    this.#lines = lines;
    this.#graceMs = options.graceMs ?? 1_000;
    this.#beforeExit = options.beforeExit ?? (() => undefined);
    this.#unsubscribe = io.onInterrupt((signal) => this.#interrupt(signal ?? "SIGINT"));
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once Ctrl-C was pressed. */
  get requested(): boolean {
    return this.#requested;
  }

  /** The exit code of a run this stopped: 130 after Ctrl-C, 143 after SIGTERM. */
  get exitCode(): number {
    return this.#signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted;
  }

  /** Call after a page was made durable: a requested stop takes effect now. */
  pageCommitted(): void {
    if (this.#requested) this.#abort();
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#unsubscribe();
  }

  #abort(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (!this.#controller.signal.aborted) this.#controller.abort();
  }

  #interrupt(signal: StopSignal): void {
    if (this.#requested) {
      this.#beforeExit();
      this.#io.stderr.write(
        "\ninterrupted again: quitting at once. Resume with the same command; the output is brought back to the last checkpoint.\n",
      );
      this.#io.exitNow(this.exitCode);
    }
    this.#requested = true;
    this.#signal = signal;
    this.#lines.line(
      `${signal === "SIGTERM" ? "terminated (SIGTERM)" : "interrupted"}: stopping after the current page and its checkpoint… (Ctrl-C again to quit at once)`,
    );
    this.#timer = setTimeout(() => this.#abort(), this.#graceMs);
    this.#timer.unref();
  }
}
