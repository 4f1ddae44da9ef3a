import type { Logger } from "@observatory/arena-core";

/** What a request is waiting for, in the words of the stderr notice. */
export type RequestPhase = "response headers" | "more of the response body";

export interface SlowRequestWatchOptions {
  /** Report after this long without progress (default 60 s), and again after each further such stretch. */
  noticeMs: number;
  logger: Logger;
  /** "the token request", "video query 2026-09-01..2026-09-08 at cursor 100". */
  describe: string;
  attempt: number;
  maxAttempts: number;
}

/**
 * Tells the user when a request has produced nothing for `noticeMs`: what it waits for and which
 * attempt it is ("still waiting for response headers of the token request after 60 s (attempt 1 of
 * 5)"), so a quiet terminal is never a mystery. Progress (headers, body bytes) restarts the count.
 */
export class SlowRequestWatch {
  readonly #o: SlowRequestWatchOptions;
  #phase: RequestPhase = "response headers";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #quietSince = 0;
  #received = 0;

  constructor(options: SlowRequestWatchOptions) {
    this.#o = options;
    this.#arm();
  }

  /** Headers arrived: from now on the wait is for the body. */
  headers(): void {
    this.#phase = "more of the response body";
    this.#arm();
  }

  /** Body bytes arrived (`total` so far). */
  bytes(total: number): void {
    this.#received = total;
    this.#arm();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    this.stop();
    this.#quietSince = 0;
    this.#schedule();
  }

  #schedule(): void {
    const { noticeMs } = this.#o;
    if (!(noticeMs > 0) || !Number.isFinite(noticeMs)) return;
    this.#timer = setTimeout(() => this.#notice(), noticeMs);
    this.#timer.unref?.();
  }

  #notice(): void {
    const { logger, describe, attempt, maxAttempts, noticeMs } = this.#o;
    this.#quietSince += noticeMs;
    const seconds = Math.round(this.#quietSince / 1000);
    const body = this.#phase === "more of the response body" ? ` (${this.#received} bytes so far)` : "";
    logger.warn(
      `still waiting for ${this.#phase} of ${describe}${body}: nothing received for ${seconds} s (attempt ${attempt} of ${maxAttempts})`,
      { phase: this.#phase, attempt, maxAttempts },
    );
    this.#schedule();
  }
}
