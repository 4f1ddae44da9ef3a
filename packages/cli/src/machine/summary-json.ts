import type { SummaryInput } from "../progress/summary.js";
import type { RunSummary } from "./machine-schemas.js";

export interface SummaryJsonInput extends Omit<SummaryInput, "outcome"> {
  outcome: RunSummary["outcome"];
  command: string;
  exitCode: number;
  maxRequests?: number;
}

/** The `--json` summary (`runSummarySchema`) of a run: the same facts as the table on stderr. */
export function summaryJson(s: SummaryJsonInput): RunSummary {
  const p = s.progress;
  const givenUp = s.givenUp ?? p?.givenUp ?? [];
  const ended = s.outcome === "completed" || s.outcome === "already-completed";
  return {
    schema: "observatory.summary/1",
    command: s.command,
    outcome: s.outcome,
    exitCode: s.exitCode,
    runId: s.runId,
    output: s.target,
    records: { written: s.output.written, total: s.output.total, replayed: s.output.replayed },
    requests: p?.requests ?? 0,
    ...(s.maxRequests === undefined ? {} : { maxRequests: s.maxRequests }),
    ...(p?.quota ? { quota: p.quota } : {}),
    partitions: {
      unit: s.unit,
      done: p?.windowsDone ?? 0,
      total: p?.windowsTotal ?? 0,
      givenUp: givenUp.map((w) => ({
        partition: w.partition,
        ...(w.since ? { since: w.since } : {}),
        ...(w.until ? { until: w.until } : {}),
      })),
    },
    skipped: p?.skipped ?? 0,
    languages: s.hasLanguage ? { ...s.output.languages } : {},
    dropped: { ...s.output.dropped },
    ...(s.targets ? { targets: s.targets.map((t) => ({ ...t })) } : {}),
    ...(s.outcome === "paused" && s.resumeAt ? { resumeAt: s.resumeAt } : {}),
    ...(ended ? {} : { resumeCommand: s.resumeCommand }),
    synthetic: s.synthetic,
    durationMs: Math.round(s.durationMs),
    ...(s.failure ? { failure: s.failure } : {}),
  };
}
