import { DAY_MS, utcDay } from "@observatory/arena-core";
import type { Schedule } from "../schedule/schedule.js";
import { addDays, dayStart, daysBetween } from "./days.js";
import {
  collectJobId,
  commentCheckJobId,
  type PlannedJob,
  PRIORITY,
  RECHECK_BLOCK_DAYS,
  recheckJobId,
} from "./jobs.js";

/** What the planner reads from the store: nothing else, so it is testable without a database. */
export interface PlannerState {
  readonly schedules: readonly Schedule[];
  /** Per schedule name: each window (UTC day) collected completely → when that collection started (epoch ms). */
  readonly coverage: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Held records due for the engagement refresh, counted per platform and published day. */
  readonly refreshDue: readonly DueCount[];
  /** Held records due for a compliance check, counted per platform and published day. */
  readonly complianceDue: readonly DueCount[];
  /** Held comments due for their own compliance check, per platform (none when absent). */
  readonly commentsDue?: readonly { platform: string; comments: number }[];
}

export interface DueCount {
  readonly platform: string;
  readonly publishedDay: string;
  readonly records: number;
}

export interface PlanOptions {
  /** Partitions of a schedule (default: one, "all"). */
  partitions?: (schedule: Schedule) => readonly string[];
}

/**
 * What is due at `now`: every window of every active schedule from `since` to yesterday that was
 * never collected completely (backfill, then each new day after 00:00 UTC); a re-query of the live
 * tail (the `liveTailDays` days before yesterday) once a day; and the refresh and compliance checks
 * the store counts as due. Pure: the same state and time give the same jobs, in order of priority.
 */
export function planDue(state: PlannerState, now: number, options: PlanOptions = {}): PlannedJob[] {
  const today = utcDay(now);
  const todayStart = dayStart(today);
  const yesterday = addDays(today, -1);
  const jobs: PlannedJob[] = [];
  for (const kind of ["compliance", "refresh"] as const) {
    for (const block of blocks(kind === "compliance" ? state.complianceDue : state.refreshDue)) {
      jobs.push({
        kind,
        id: recheckJobId(kind, block.platform, block.from, today),
        platform: block.platform,
        publishedFrom: block.from,
        publishedUntil: block.until,
        asOf: today,
        priority: PRIORITY[kind],
      });
    }
  }
  for (const due of state.commentsDue ?? []) {
    if (due.comments <= 0) continue;
    jobs.push({
      kind: "comment-check",
      id: commentCheckJobId(due.platform, today),
      platform: due.platform,
      asOf: today,
      priority: PRIORITY["comment-check"],
    });
  }
  const collections = [...state.schedules]
    .filter((s) => !s.paused)
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  for (const schedule of collections) {
    const last =
      schedule.until && addDays(schedule.until, -1) < yesterday ? addDays(schedule.until, -1) : yesterday;
    const covered = state.coverage.get(schedule.name) ?? new Map<string, number>();
    const tailFrom = addDays(yesterday, -schedule.liveTailDays);
    const partitions = options.partitions?.(schedule) ?? ["all"];
    // Newest first: the new day and the tail before the backfill of older days.
    for (const day of daysBetween(schedule.since, last).reverse()) {
      const collectedAt = covered.get(day);
      let asOf: string | null;
      if (collectedAt === undefined) asOf = null;
      else if (day >= tailFrom && collectedAt < todayStart) asOf = today;
      else continue;
      for (const partition of partitions) {
        jobs.push({
          kind: "collect",
          id: collectJobId(schedule.name, partition, day, asOf),
          schedule: schedule.name,
          partition,
          day,
          asOf,
          priority: PRIORITY.collectBase + schedule.priority,
        });
      }
    }
  }
  return jobs;
}

/** Due counts per day merged into blocks of RECHECK_BLOCK_DAYS days (aligned on 1970-01-01), oldest first. */
function blocks(due: readonly DueCount[]): { platform: string; from: string; until: string }[] {
  const out = new Map<string, { platform: string; from: string; until: string }>();
  for (const d of due) {
    if (d.records <= 0) continue;
    let from = "unknown";
    let until = "unknown";
    if (d.publishedDay !== "unknown") {
      const n = Math.floor(dayStart(d.publishedDay) / DAY_MS / RECHECK_BLOCK_DAYS) * RECHECK_BLOCK_DAYS;
      from = utcDay(n * DAY_MS);
      until = utcDay((n + RECHECK_BLOCK_DAYS) * DAY_MS);
    }
    out.set(`${d.platform}\u0000${from}`, { platform: d.platform, from, until });
  }
  return [...out.values()].sort(
    (a, b) => a.from.localeCompare(b.from) || a.platform.localeCompare(b.platform),
  );
}
