import {
  type AdaptiveWindows,
  type DateWindow,
  type PlannerHistory,
  WindowPlanner,
} from "@observatory/arena-core";

/**
 * One `WindowPlanner` per partition of a video run, sharing what the history says: the query's
 * density is split evenly over its partitions. `noteFailures` takes the failed attempts of a page
 * (the transport's retries of 500/504), so a planner narrows before a window has to be split.
 */
export class WindowPlanners {
  readonly #planners = new Map<string, WindowPlanner>();
  #history: PlannerHistory | undefined;

  constructor(
    readonly maxDays: number,
    readonly perPage: number,
    readonly partitions: number,
  ) {}

  /** What the last run of the same query learnt (call before the first window is chosen). */
  useHistory(history: PlannerHistory | undefined): void {
    this.#history = history;
  }

  of(label: string): WindowPlanner {
    let planner = this.#planners.get(label);
    if (!planner) {
      const h = this.#history;
      planner = new WindowPlanner({
        maxDays: this.maxDays,
        perPage: this.perPage,
        ...(h
          ? {
              history: {
                ...(h.density === undefined ? {} : { density: h.density / Math.max(1, this.partitions) }),
                ...(h.windowDays === undefined ? {} : { windowDays: h.windowDays }),
              },
            }
          : {}),
      });
      this.#planners.set(label, planner);
    }
    return planner;
  }

  noteFailures(label: string, window: DateWindow, failures: number): void {
    this.of(label).noteFailures(window, failures);
  }

  /** The results the API counted in a window (its last page's cursor). */
  noteMatches(label: string, window: DateWindow, matches: number): void {
    this.of(label).noteMatches(window, matches);
  }

  adaptive(since: Date, until: Date): AdaptiveWindows {
    return { since, until, chooser: (label) => this.of(label) };
  }

  summaries() {
    return [...this.#planners.values()].map((p) => p.summary());
  }

  /**
   * What this run knows so far, for the next run of the query (or the next invocation of this one):
   * the query's matches a day (the partitions with a known density, scaled to all of them; exact once
   * every partition has one) and the narrowest window that works; undefined before the first window.
   */
  learnt(): PlannerHistory | undefined {
    const summaries = this.summaries();
    if (!summaries.length) return undefined;
    const known = summaries.filter((s) => s.density !== undefined);
    const sum = known.reduce((n, s) => n + (s.density ?? 0), 0);
    return {
      ...(known.length ? { density: (sum * Math.max(this.partitions, known.length)) / known.length } : {}),
      windowDays: Math.min(...summaries.map((s) => s.windowDays)),
    };
  }
}
