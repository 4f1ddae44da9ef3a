import { ConfigError } from "../errors/arena-error.js";
import { decodeWindow, encodeWindow, type RunPlan } from "./run-plan.js";
import type { WindowChooser } from "./window-chooser.js";

/**
 * Adaptive plans: a partition's windows are appended to the plan one at a time, each saved before its
 * first request, always starting where the last one ends; so the windows of a part stay contiguous and
 * in order, and a resumed run (or another worker) continues from the end of the last one: no day is
 * fetched twice or skipped, whatever sizes were chosen.
 */

/** Where a partition's next window starts: the end of its last window, or the range's start. */
export function frontierOf(plan: RunPlan, label: string): Date {
  const range = plan.adaptive as { since: string; until: string };
  const windows = plan.parts.find((p) => p.label === label)?.windows ?? [];
  const last = windows.at(-1);
  return last ? decodeWindow(last).until : new Date(range.since);
}

/**
 * Every partition's windows reach the range's end, or `horizon` (ms) if earlier: an adaptive run whose
 * later days are deferred (the platform's ingestion lag) plans only up to the last settled day.
 */
export function rangeCovered(plan: RunPlan, horizon = Number.POSITIVE_INFINITY): boolean {
  if (!plan.adaptive) return true;
  const until = Math.min(new Date(plan.adaptive.until).getTime(), horizon);
  return plan.parts.every((p) => frontierOf(plan, p.label).getTime() >= until);
}

/**
 * Appends the next window of a partition (chosen by `chooser` from the partition's frontier) to the
 * plan; undefined when the partition already reaches the range's end (or `horizon`, if earlier).
 */
export function appendWindow(
  plan: RunPlan,
  label: string,
  chooser: WindowChooser,
  horizon = Number.POSITIVE_INFINITY,
): string | undefined {
  const range = plan.adaptive as { since: string; until: string };
  const until = new Date(Math.min(new Date(range.until).getTime(), horizon));
  const since = frontierOf(plan, label);
  if (since.getTime() >= until.getTime()) return undefined;
  const window = chooser.next(since, until);
  if (window.since.getTime() !== since.getTime() || !(window.until > since) || window.until > until) {
    throw new ConfigError(
      `the window chooser returned ${encodeWindow(window)} for a window that must start at ${since.toISOString()} and end by ${until.toISOString()}`,
      { field: "adaptive.chooser" },
    );
  }
  const encoded = encodeWindow(window);
  plan.parts.find((p) => p.label === label)?.windows.push(encoded);
  return encoded;
}

/**
 * The days of each partition an adaptive run has not planned because they lie past `horizon` (deferred):
 * one window per partition, from its frontier to the range's end.
 */
export function beyondHorizon(plan: RunPlan, horizon: number): { label: string; window: string }[] {
  if (!plan.adaptive) return [];
  const until = new Date(plan.adaptive.until);
  if (until.getTime() <= horizon) return [];
  return plan.parts.flatMap((p) => {
    const since = frontierOf(plan, p.label);
    return since < until ? [{ label: p.label, window: encodeWindow({ since, until }) }] : [];
  });
}
