import type { WindowRef } from "../contract/collector.js";
import type { DateWindow } from "../helpers/date-windows.js";

/**
 * Windows a run leaves for later: those that end after `settledBefore` (e.g. today minus the platform's
 * ingestion lag). What the platform returns for them now is not final, so an invocation neither
 * collects nor marks them complete; the same runId collects them once they have settled.
 */
export interface Deferral {
  /** Instant (ms): a window ending after it is deferred. */
  settledBefore: number;
  /** Why, for messages: e.g. "TikTok's Research API ingests videos with a lag of 2–10 days". */
  reason: string;
}

/** Whether a window is deferred: it ends after the settled instant. Windowless tasks never are. */
export const isDeferred = (window: DateWindow | undefined, deferral: Deferral | undefined): boolean =>
  deferral !== undefined && window !== undefined && window.until.getTime() > deferral.settledBefore;

/** When a deferred window will have settled: its end plus the lag between `settledBefore` and now. */
export function settlesAt(window: DateWindow, deferral: Deferral, now: number): number {
  return window.until.getTime() + (now - deferral.settledBefore);
}

/** The message of a run that deferred windows: which, why, and when the same run collects them. */
export function deferralMessage(
  deferred: readonly WindowRef[],
  deferral: Deferral,
  resumeAt: string,
  runId: string,
): string {
  const from = new Date(deferral.settledBefore).toISOString().slice(0, 10);
  return (
    `${deferred.length} window(s) ending after ${from} were not collected and are not marked complete: ` +
    `${deferral.reason}. Everything before ${from} was collected; run again with runId ${runId} after ` +
    `${resumeAt} to collect them.`
  );
}
