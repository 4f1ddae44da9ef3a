import type { PageCommit } from "@observatory/arena-core";
import type { TextSink } from "../cli-io.js";
import type { RecordEncoder } from "./record-encoder.js";
import { languageKey, type OutputStats, type RecordOutput } from "./record-output.js";

/**
 * Records to stdout, a page at a time (only pages about to be checkpointed). A stream cannot be taken
 * back: after a kill, the resumed run may repeat at most the page that was written but not yet
 * checkpointed. Use --out for exactly once.
 */
export class StdoutOutput<T> implements RecordOutput<T> {
  readonly target = "stdout";
  readonly resumed = false;
  readonly stats: OutputStats = {
    written: 0,
    total: 0,
    replayed: 0,
    languages: {},
    dropped: {},
  };
  readonly #sink: TextSink;
  readonly #encoder: RecordEncoder<T>;
  #pending: T[] = [];
  #headerWritten = false;

  constructor(sink: TextSink, encoder: RecordEncoder<T>) {
    this.#sink = sink;
    this.#encoder = encoder;
  }

  add(record: T): void {
    this.#pending.push(record);
  }

  async commit(page?: PageCommit): Promise<void> {
    for (const [language, n] of Object.entries(page?.dropped ?? {})) {
      this.stats.dropped[language] = (this.stats.dropped[language] ?? 0) + n;
    }
    if (!this.#pending.length) return;
    let text = this.#headerWritten ? "" : this.#encoder.header();
    this.#headerWritten = true;
    for (const record of this.#pending) text += this.#encoder.encode(record);
    await writeAll(this.#sink, text);
    for (const record of this.#pending) {
      const language = languageKey(record);
      this.stats.languages[language] = (this.stats.languages[language] ?? 0) + 1;
    }
    this.stats.written += this.#pending.length;
    this.stats.total = this.stats.written;
    this.#pending = [];
  }

  async close(): Promise<void> {
    this.#pending = [];
  }
}

/** Writes and waits until the stream has flushed the data (back-pressure for slow readers). */
export function writeAll(sink: TextSink, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    sink.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
