/**
 * What happened to each target (user, video, playlist) of a list stream. A stream ends normally when
 * some targets were unavailable or capped: the report says which and why, so a researcher can tell
 * an API limit from a client bug.
 */
export type TargetStatus = "ok" | "capped" | "not_found" | "private" | "unavailable" | "failed";

export interface TargetOutcome {
  /** The username, video id or playlist id as asked for. */
  target: string;
  status: TargetStatus;
  /** Records yielded for this target over the whole run (resumes included). */
  records: number;
  /** Why, for any status but "ok": the API's answer or the documented limit. */
  detail?: string;
}

export interface StreamReport {
  /** One entry per target, filled in as the stream runs (in target order). */
  readonly outcomes: TargetOutcome[];
}

/** An async stream of records with a report of its targets' outcomes. */
export interface ReportingStream<T> extends AsyncIterable<T> {
  readonly report: StreamReport;
}

/** Wraps a generator factory: every iteration starts a fresh run and a fresh report. */
export function reportingStream<T>(run: (report: StreamReport) => AsyncGenerator<T>): ReportingStream<T> {
  const report: StreamReport = { outcomes: [] };
  return {
    report,
    [Symbol.asyncIterator]() {
      report.outcomes.length = 0;
      return run(report);
    },
  };
}
