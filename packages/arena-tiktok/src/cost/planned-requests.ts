import { DAY_MS, expectedWindowRequests, WindowPlanner } from "@observatory/arena-core";

export interface PlannedRequestsInput {
  since: Date;
  until: Date;
  partitions: number;
  /** The longest window (the collector's windowDays). */
  maxDays: number;
  perPage: number;
  /** Matches a day of the whole query (all partitions). */
  density: number;
  /** The narrowest window that worked in the last run. */
  windowDays?: number;
}

/**
 * The requests the adaptive planner expects to spend: the windows it would choose for each partition
 * from the known density, each costing its expected pages (1 + Σ P(matches > k·100)).
 */
export function plannedRequests(input: PlannedRequestsInput): { requests: number; windows: number } {
  const perPart = input.density / Math.max(1, input.partitions);
  let requests = 0;
  let windows = 0;
  for (let part = 0; part < input.partitions; part++) {
    const planner = new WindowPlanner({
      maxDays: input.maxDays,
      perPage: input.perPage,
      history: { density: perPart, ...(input.windowDays ? { windowDays: input.windowDays } : {}) },
    });
    let since = input.since;
    while (since < input.until) {
      const window = planner.next(since, input.until);
      const days = (window.until.getTime() - window.since.getTime()) / DAY_MS;
      const expected = expectedWindowRequests(perPart, days, input.perPage);
      requests += expected;
      windows++;
      planner.observe({ window, records: perPart * days, pages: expected, split: false });
      since = window.until;
    }
  }
  return { requests, windows };
}
