import type { TextSink } from "../cli-io.js";

/**
 * Human-readable lines on stderr. While a progress bar is drawn, lines go through it (so they appear
 * above the bar instead of tearing it); `redact` masks configured secrets in every line.
 */
export class StderrLines {
  readonly #sink: TextSink;
  #redact: (text: string) => string = (text) => text;
  #through: ((line: string) => void) | undefined;

  constructor(sink: TextSink) {
    this.#sink = sink;
  }

  get sink(): TextSink {
    return this.#sink;
  }

  useRedactor(redact: (text: string) => string): void {
    this.#redact = redact;
  }

  /** Masks what `line` masks, for text written elsewhere (a JSON summary on stdout, NDJSON events). */
  redact(text: string): string {
    return this.#redact(text);
  }

  /** Routes lines through a progress bar until called with `undefined`. */
  routeThrough(writer: ((line: string) => void) | undefined): void {
    this.#through = writer;
  }

  line(text: string): void {
    const safe = this.#redact(text);
    if (this.#through) this.#through(`${safe}\n`);
    else this.#sink.write(`${safe}\n`);
  }
}
