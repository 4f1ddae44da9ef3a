import type { Progress, WindowRef } from "@observatory/arena-core";
import type { OutputStats } from "../output/record-output.js";
import { formatCount, formatDuration, formatWindowRef } from "./format.js";

export type Outcome = "completed" | "already-completed" | "paused" | "incomplete" | "interrupted" | "failed";

export interface SummaryInput {
  outcome: Outcome;
  progress: Progress | undefined;
  output: OutputStats;
  target: string;
  runId: string;
  durationMs: number;
  resumeCommand: string;
  resumeAt?: string;
  givenUp?: readonly WindowRef[];
  synthetic: boolean;
  failure?: string;
}

const STATUS: Record<Outcome, string> = {
  completed: "completed",
  "already-completed": "already completed earlier: nothing left to collect",
  paused: "PAUSED: the daily quota is spent",
  incomplete: "INCOMPLETE: some windows failed on every attempt",
  interrupted: "INTERRUPTED (Ctrl-C) after a checkpoint",
  failed: "FAILED",
};

/** The table printed on stderr when a collection ends, however it ends. */
export function renderSummary(s: SummaryInput): string[] {
  const p = s.progress;
  const rows: [string, string][] = [];
  rows.push(["status", STATUS[s.outcome] + (s.failure ? `: ${s.failure}` : "")]);
  if (s.synthetic) rows.push(["data", "SYNTHETIC (built-in emulator)"]);
  const inFile = s.target === "stdout" ? "" : `; ${formatCount(s.output.total)} in the file`;
  rows.push(["records", `${formatCount(s.output.written)} written${inFile}`]);
  if (s.output.replayed) {
    rows.push([
      "replayed",
      `${formatCount(s.output.replayed)} already in the file from before the interruption (not written twice)`,
    ]);
  }
  const quota = p?.quota;
  const quotaText = quota
    ? ` (quota left today: ${formatCount(Math.max(0, quota.requestsLimit - quota.requestsUsed))} of ${formatCount(quota.requestsLimit)}; resets ${quota.resetsAt})`
    : "";
  rows.push(["requests", `${formatCount(p?.requests ?? 0)}${quotaText}`]);
  const languages = Object.entries(s.output.languages).sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  );
  rows.push([
    "languages",
    languages.length ? languages.map(([code, n]) => `${code} ${formatCount(n)}`).join(" · ") : "-",
  ]);
  const givenUp = s.givenUp ?? p?.givenUp ?? [];
  rows.push([
    "windows",
    `${p?.windowsDone ?? 0}/${p?.windowsTotal ?? 0} done; given up: ${
      givenUp.length ? givenUp.map((w) => `${w.partition} ${formatWindowRef(w)}`).join(", ") : "none"
    }`,
  ]);
  rows.push([
    "skipped",
    `${formatCount(p?.skipped ?? 0)} (invalid, duplicate, outside the window or another language)`,
  ]);
  rows.push(["duration", formatDuration(s.durationMs)]);
  rows.push(["output", s.target]);
  rows.push(["run id", s.runId]);
  if (s.outcome === "paused") {
    rows.push(["resume", `after ${s.resumeAt ?? "the next 00:00 UTC"}: ${s.resumeCommand}`]);
  } else if (s.outcome !== "completed" && s.outcome !== "already-completed") {
    rows.push(["resume", s.resumeCommand]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return ["── summary ──", ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`)];
}
