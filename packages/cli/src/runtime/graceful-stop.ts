import type { CliIo } from "../cli-io.js";
import type { StderrLines } from "./stderr-lines.js";

/**
 * Ctrl-C handling for a collection. The first Ctrl-C asks for a stop after the current page: the page
 * is written and checkpointed, then the collector's signal is aborted. If no page completes within
 * `graceMs` (a slow request, a retry back-off), the signal is aborted at once; nothing is lost, since the
 * page in flight was never checkpointed. A second Ctrl-C exits immediately (exit 130); the output is
 * brought back to the last checkpoint on resume.
 */
export class GracefulStop {
  readonly #controller = new AbortController();
  readonly #io: CliIo;
  readonly #lines: StderrLines;
  readonly #graceMs: number;
  readonly #beforeExit: () => void;
  #requested = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: () => void;

  constructor(io: CliIo, lines: StderrLines, options: { graceMs?: number; beforeExit?: () => void } = {}) {
    this.#io = io;
    this.#lines = lines;
    this.#graceMs = options.graceMs ?? 10_000;
    this.#beforeExit = options.beforeExit ?? (() => undefined);
    this.#unsubscribe = io.onInterrupt(() => this.#interrupt());
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once Ctrl-C was pressed. */
  get requested(): boolean {
    return this.#requested;
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

  #interrupt(): void {
    if (this.#requested) {
      this.#beforeExit();
      this.#io.stderr.write(
        "\ninterrupted again: quitting at once. Resume with the same command; the output is brought back to the last checkpoint.\n",
      );
      this.#io.exitNow(130);
    }
    this.#requested = true;
    this.#lines.line(
      "interrupted: stopping after the current page and its checkpoint… (Ctrl-C again to quit at once)",
    );
    this.#timer = setTimeout(() => this.#abort(), this.#graceMs);
    this.#timer.unref();
  }
}
