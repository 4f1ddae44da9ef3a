import type { Progress, WindowRef } from "@observatory/arena-core";
import type { OutputStats } from "../output/record-output.js";
import { alignRows, formatCount, formatDuration, formatWindowRef } from "./format.js";

export type Outcome =
  | "completed"
  | "already-completed"
  | "paused"
  | "budget-spent"
  | "incomplete"
  | "interrupted"
  | "failed"
  | "silent-zeros"
  | "deferred";

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
  /** Whether records carry a language to count. */
  hasLanguage: boolean;
  /** What a partition is called: "windows" (date windows) or "targets" (videos, users). */
  unit: string;
  /** Per target (video, user) outcomes of list collections. */
  targets?: readonly { target: string; status: string; records: number; detail?: string }[];
  failure?: string;
}

const STATUS: Record<Outcome, string> = {
  completed: "completed",
  "already-completed": "already completed earlier: nothing left to collect (a new --run-id collects again)",
  paused: "PAUSED: the daily quota is spent",
  "budget-spent": "STOPPED: --max-requests spent (resumable now with the same command)",
  incomplete: "INCOMPLETE: some windows failed on every attempt",
  interrupted: "INTERRUPTED (Ctrl-C or SIGTERM) after a checkpoint",
  failed: "FAILED",
  "silent-zeros": "FLAGGED (silent zeros)",
  deferred: "DEFERRED: windows within the ingestion lag are left for a later run",
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
  if (s.hasLanguage) {
    const languages = Object.entries(s.output.languages).sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    );
    rows.push([
      "languages",
      languages.length ? languages.map(([code, n]) => `${code} ${formatCount(n)}`).join(" · ") : "-",
    ]);
  }
  const dropped = Object.entries(s.output.dropped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (dropped.length) {
    const total = dropped.reduce((n, [, count]) => n + count, 0);
    const scope = s.target === "stdout" ? "" : " (the whole file's run)";
    rows.push([
      "dropped by --language",
      `${formatCount(total)}${scope}: ${dropped.map(([code, n]) => `${formatCount(n)} detected as ${code}`).join(" · ")}`,
    ]);
  }
  const givenUp = s.givenUp ?? p?.givenUp ?? [];
  rows.push([
    s.unit,
    `${p?.windowsDone ?? 0}/${p?.windowsTotal ?? 0} done; given up: ${
      givenUp.length
        ? givenUp.map((w) => (w.since ? `${w.partition} ${formatWindowRef(w)}` : w.partition)).join(", ")
        : "none"
    }`,
  ]);
  rows.push([
    "skipped",
    `${formatCount(p?.skipped ?? 0)} (${s.unit === "windows" ? "invalid, duplicate or outside the window" : "invalid items, or targets unknown, private or gone"})`,
  ]);
  if (s.targets?.length) {
    const byStatus = new Map<string, number>();
    for (const t of s.targets) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
    rows.push(["outcomes", [...byStatus].map(([status, n]) => `${status} ${formatCount(n)}`).join(" · ")]);
    for (const t of s.targets.filter((t) => t.status !== "ok").slice(0, 20)) {
      rows.push([
        "",
        `${t.target}: ${t.status} (${formatCount(t.records)} records)${t.detail ? ` — ${t.detail}` : ""}`,
      ]);
    }
  }
  rows.push(["duration", formatDuration(s.durationMs)]);
  rows.push(["output", s.target]);
  rows.push(["run id", s.runId]);
  if (s.outcome === "deferred") {
    rows.push(["resume", `after ${s.resumeAt ?? "the printed time"}: ${s.resumeCommand}`]);
  } else if (s.outcome === "paused") {
    rows.push(["resume", `after ${s.resumeAt ?? "the next 00:00 UTC"}: ${s.resumeCommand}`]);
  } else if (s.outcome !== "completed" && s.outcome !== "already-completed") {
    rows.push(["resume", s.resumeCommand]);
  }
  return ["── summary ──", ...alignRows(rows)];
}
