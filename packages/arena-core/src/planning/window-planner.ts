import type { WindowChooser, WindowOutcome } from "../engine/window-chooser.js";
import type { DateWindow } from "../helpers/date-windows.js";
import { DAY_MS } from "../helpers/utc-day.js";
import { expectedWindowRequests } from "./expected-window-cost.js";

/** What earlier runs of the query taught (its cost history), so a repeated query starts from what worked. */
export interface PlannerHistory {
  /** Matches a day. */
  density?: number;
  /** The widest window that worked at the end of the last run (narrower than the maximum after failures). */
  windowDays?: number;
}

export interface WindowPlannerOptions {
  /** The longest window (the user's `windowDays`; the API allows 30). */
  maxDays?: number;
  /** Records per page (100). */
  perPage?: number;
  history?: PlannerHistory;
  /** Failed attempts ÷ requests of a window above which the next window is halved (default 0.2). */
  failureRate?: number;
}

/** The planner's state, for the cost history and messages. */
export interface PlannerSummary {
  density?: number;
  windowDays: number;
  windows: number;
  failures: number;
}

/**
 * Adaptive windows for one partition of a date-windowed query. Each window costs at least one
 * request, and a page holds 100 records, so the cheapest plan uses the widest windows the data allows;
 * but broad windows make the API fail (500/504, charged). The planner:
 *
 * - starts at the widest window (`maxDays`) when nothing is known (cold start: a sparse query must not
 *   pay for narrow windows), or where the history says the query was;
 * - once the density (matches a day) is known, from history or the windows so far, picks the length
 *   with the fewest expected requests per day (a window that just overflows a page costs a whole
 *   request), and spreads the remaining days evenly over the windows that need;
 * - halves the window after one that failed often (failed attempts ÷ requests above `failureRate`) or
 *   had to be split, and doubles it again after a window without a failure.
 */
export class WindowPlanner implements WindowChooser {
  readonly #maxDays: number;
  readonly #perPage: number;
  readonly #failureRate: number;
  readonly #prior?: { records: number; days: number };
  #ceiling: number;
  #records = 0;
  #days = 0;
  #windows = 0;
  #failuresTotal = 0;
  readonly #failures = new Map<number, number>();
  readonly #matches = new Map<number, number>();
  /** Windows this planner chose (their starts): only their failures are all known to it. */
  readonly #chosen = new Set<number>();

  constructor({ maxDays = 30, perPage = 100, history, failureRate = 0.2 }: WindowPlannerOptions = {}) {
    this.#maxDays = Math.max(1, Math.min(30, Math.floor(maxDays)));
    this.#perPage = perPage;
    this.#failureRate = failureRate;
    this.#ceiling = Math.max(1, Math.min(this.#maxDays, Math.floor(history?.windowDays ?? this.#maxDays)));
    // History counts as 30 days of evidence: the windows of this run soon outweigh it.
    if (history?.density !== undefined) this.#prior = { records: history.density * 30, days: 30 };
  }

  /** Matches a day as far as known (history and this run), or undefined. */
  get density(): number | undefined {
    const records = this.#records + (this.#prior?.records ?? 0);
    const days = this.#days + (this.#prior?.days ?? 0);
    return days > 0 ? records / days : undefined;
  }

  next(since: Date, until: Date): DateWindow {
    const remaining = (until.getTime() - since.getTime()) / DAY_MS;
    const windows = this.#windowsFor(remaining);
    const days = Math.ceil(remaining / windows);
    const end = Math.min(until.getTime(), since.getTime() + days * DAY_MS);
    const aligned = Math.floor(end / DAY_MS) * DAY_MS;
    this.#chosen.add(since.getTime());
    return { since, until: new Date(aligned > since.getTime() && end !== until.getTime() ? aligned : end) };
  }

  /**
   * How many evenly long windows the rest of the range should take: the fewest the ceiling allows when
   * nothing is known (cold start: as wide as allowed), else the count with the fewest expected
   * requests (n windows of R/n days each cost n × E[max(1, ⌈matches / perPage⌉)]).
   */
  #windowsFor(remaining: number): number {
    const fewest = Math.max(1, Math.ceil(remaining / this.#ceiling));
    const density = this.density;
    if (density === undefined) return fewest;
    let best = fewest;
    let bestCost = Number.POSITIVE_INFINITY;
    const most = Math.min(Math.max(1, Math.ceil(remaining)), fewest + 60);
    for (let n = fewest; n <= most; n++) {
      const cost = n * expectedWindowRequests(density, remaining / n, this.#perPage);
      if (cost < bestCost - 1e-9) {
        best = n;
        bestCost = cost;
      }
    }
    return best;
  }

  /** Failed attempts (500, 504) a page of `window` took before it succeeded. */
  noteFailures(window: DateWindow, failures: number): void {
    if (failures <= 0) return;
    const key = window.since.getTime();
    this.#failures.set(key, (this.#failures.get(key) ?? 0) + failures);
    this.#failuresTotal += failures;
  }

  /**
   * The results the API counted in `window` (its last page's cursor: deleted videos keep their place
   * on a page, so a window can cost more pages than its records say).
   */
  noteMatches(window: DateWindow, matches: number): void {
    if (matches > 0) this.#matches.set(window.since.getTime(), matches);
  }

  observe({ window, records, pages, split, splitRecords }: WindowOutcome): void {
    const days = (window.until.getTime() - window.since.getTime()) / DAY_MS;
    const failures = this.#failures.get(window.since.getTime()) ?? 0;
    this.#failures.delete(window.since.getTime());
    const matches = this.#matches.get(window.since.getTime()) ?? 0;
    this.#matches.delete(window.since.getTime());
    this.#windows++;
    if (split) {
      this.#ceiling = Math.max(1, Math.floor(days / 2));
      // Its halves finished: what the whole window held still tells the density.
      if (splitRecords !== undefined) {
        this.#records += splitRecords;
        this.#days += days;
      }
      return;
    }
    // Matches, not only records kept: the API's count when known; a full page says at least 100
    // matched (language drops, deletions).
    this.#records += Math.max(records, matches, (pages - 1) * this.#perPage);
    this.#days += days;
    // A window begun before this planner (in an earlier invocation, or by another worker) may have
    // failed on its earlier pages: without a failure here it does not widen the next one.
    const wholeKnown = this.#chosen.delete(window.since.getTime());
    if (failures / Math.max(1, pages + failures) > this.#failureRate) {
      this.#ceiling = Math.max(1, Math.floor(Math.min(days, this.#ceiling) / 2));
    } else if (failures === 0 && wholeKnown) {
      this.#ceiling = Math.min(this.#maxDays, this.#ceiling * 2);
    }
  }

  summary(): PlannerSummary {
    const density = this.density;
    return {
      ...(density === undefined ? {} : { density }),
      windowDays: this.#ceiling,
      windows: this.#windows,
      failures: this.#failuresTotal,
    };
  }
}
