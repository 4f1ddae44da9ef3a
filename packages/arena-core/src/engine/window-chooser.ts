import type { DateWindow } from "../helpers/date-windows.js";

/** What a window of an adaptive run turned out to hold, once it is settled. */
export interface WindowOutcome {
  window: DateWindow;
  /** Records its checkpoint counts (before it was split, when it was). */
  records: number;
  /** Requests its pages took (failed attempts are not pages). */
  pages: number;
  /** It kept failing and was split in two (or given up). */
  split: boolean;
  /** A split window whose halves all finished: the records of the whole window, its halves' included. */
  splitRecords?: number;
}

/**
 * Chooses a partition's windows as the run goes (see `WindowPlanner`): the engine asks for the next
 * window from the end of the last one, and reports each settled window back.
 */
export interface WindowChooser {
  /** The next window from `since`: it starts at `since` and ends at `until` at the latest. */
  next(since: Date, until: Date): DateWindow;
  observe(outcome: WindowOutcome): void;
}

/** A run whose windows are chosen as it goes, instead of a fixed list. */
export interface AdaptiveWindows {
  since: Date;
  until: Date;
  /** One chooser per partition (the same object for the same label). */
  chooser: (label: string) => WindowChooser;
}

/** Windows of a fixed length (the length of the first of `windows`, else 7 days): a chooser that does not adapt. */
export function fixedWindowsOf(windows: readonly DateWindow[] | undefined): Omit<
  AdaptiveWindows,
  "since" | "until"
> & {
  since: Date;
  until: Date;
} {
  const first = windows?.[0];
  const span = first ? first.until.getTime() - first.since.getTime() : 7 * 86_400_000;
  const chooser: WindowChooser = {
    next: (since, until) => ({ since, until: new Date(Math.min(until.getTime(), since.getTime() + span)) }),
    observe: () => {},
  };
  return {
    since: first?.since ?? new Date(0),
    until: windows?.at(-1)?.until ?? new Date(0),
    chooser: () => chooser,
  };
}
