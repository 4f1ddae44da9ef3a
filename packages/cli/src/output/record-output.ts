import type { PageCommit } from "@observatory/arena-core";

/** What an output has written, for the summary. */
export interface OutputStats {
  /** Records written by this invocation. */
  written: number;
  /** Records in the whole output, earlier invocations of the run included (files only). */
  total: number;
  /** Records skipped because an earlier invocation had already written them (a replayed page). */
  replayed: number;
  /** Languages of the records in the whole output (this invocation only for stdout). */
  languages: Record<string, number>;
  /** Records the collector dropped because of `--language`, per detected language (same scope as `languages`). */
  dropped: Record<string, number>;
}

/**
 * Where a collection's records go. Records are held until their page is committed (the collector's
 * `beforeCheckpoint`), then written and made durable before the checkpoint is saved.
 */
export interface RecordOutput<T> {
  /** "stdout" or the file's absolute path. */
  readonly target: string;
  readonly stats: OutputStats;
  /** True when this invocation continues an output an earlier one started. */
  readonly resumed: boolean;
  add(record: T): void;
  commit(page: PageCommit): Promise<void>;
  /** Ends the output; records of an uncommitted page are dropped (the resume collects them again). */
  close(outcome: { completed: boolean }): Promise<void>;
}

export const languageKey = (record: unknown): string => {
  const language = (record as { language?: unknown }).language;
  return typeof language === "string" && language ? language : "und";
};
