import { describe, expect, it } from "vitest";
import type { Schedule } from "../schedule/schedule.js";
import { addDays, dayStart } from "./days.js";
import { type PlannerState, planDue } from "./plan-due.js";

const schedule = (over: Partial<Schedule> = {}): Schedule => ({
  name: "klima",
  platform: "tiktok",
  query: { terms: ["klima"] },
  since: "2026-09-01",
  until: null,
  liveTailDays: 10,
  priority: 5,
  dailyBudget: null,
  paused: false,
  createdAt: "2026-09-05T10:00:00.000Z",
  ...over,
});

const state = (
  schedules: Schedule[],
  coverage: Record<string, Record<string, number>> = {},
): PlannerState => ({
  schedules,
  coverage: new Map(Object.entries(coverage).map(([k, v]) => [k, new Map(Object.entries(v))])),
  refreshDue: [],
  complianceDue: [],
});

/** Runs the planner day by day, "running" every collect job it plans at 00:30 that day. */
function simulate(s: Schedule, from: string, days: number) {
  const coverage = new Map<string, number>();
  const perDay: { day: string; first: string[]; tail: string[] }[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const now = dayStart(day) + 30 * 60_000;
    const jobs = planDue({ ...state([s]), coverage: new Map([[s.name, coverage]]) }, now);
    const first: string[] = [];
    const tail: string[] = [];
    for (const j of jobs) {
      if (j.kind !== "collect") continue;
      (j.asOf === null ? first : tail).push(j.day);
      coverage.set(j.day, now);
    }
    perDay.push({ day, first, tail });
  }
  return perDay;
}

describe("planDue: standing collections", () => {
  it("backfills every day from since to yesterday when the schedule is new, newest first", () => {
    const jobs = planDue(state([schedule()]), Date.parse("2026-09-05T10:00:00Z"));
    expect(jobs.map((j) => (j.kind === "collect" ? j.day : j.kind))).toEqual([
      "2026-09-04",
      "2026-09-03",
      "2026-09-02",
      "2026-09-01",
    ]);
    expect(jobs.every((j) => j.kind === "collect" && j.asOf === null)).toBe(true);
  });

  it("day by day: the new day once after 00:00 UTC, and the live tail re-queried once a day", () => {
    const days = simulate(schedule({ since: "2026-09-01", liveTailDays: 3 }), "2026-09-02", 6);
    expect(days).toEqual([
      { day: "2026-09-02", first: ["2026-09-01"], tail: [] },
      { day: "2026-09-03", first: ["2026-09-02"], tail: ["2026-09-01"] },
      { day: "2026-09-04", first: ["2026-09-03"], tail: ["2026-09-02", "2026-09-01"] },
      { day: "2026-09-05", first: ["2026-09-04"], tail: ["2026-09-03", "2026-09-02", "2026-09-01"] },
      { day: "2026-09-06", first: ["2026-09-05"], tail: ["2026-09-04", "2026-09-03", "2026-09-02"] },
      { day: "2026-09-07", first: ["2026-09-06"], tail: ["2026-09-05", "2026-09-04", "2026-09-03"] },
    ]);
  });

  it("the default live tail is 10 days", () => {
    const days = simulate(schedule({ since: "2026-09-01" }), "2026-09-02", 15);
    expect(days[14]?.tail).toHaveLength(10);
    expect(days[14]?.tail.at(-1)).toBe("2026-09-05");
  });

  it("plans nothing more the same day once the jobs ran (ids are stable within a day)", () => {
    const s = schedule({ since: "2026-09-01", liveTailDays: 2 });
    const now = Date.parse("2026-09-06T01:00:00Z");
    const first = planDue(state([s]), now);
    const again = planDue(state([s]), now + 3_600_000);
    expect(again.map((j) => j.id)).toEqual(first.map((j) => j.id));
    const covered = Object.fromEntries(first.map((j) => [j.kind === "collect" ? j.day : "", now]));
    expect(planDue(state([s], { klima: covered }), now + 7_200_000)).toEqual([]);
  });

  it("a window not yet collected keeps its id across days (a backlog is not planned twice)", () => {
    const s = schedule({ since: "2026-09-01" });
    const a = planDue(state([s]), Date.parse("2026-09-03T01:00:00Z"));
    const b = planDue(state([s]), Date.parse("2026-09-04T01:00:00Z"));
    expect(b.map((j) => j.id)).toEqual(expect.arrayContaining(a.map((j) => j.id)));
    expect(a.map((j) => j.id)).toEqual([
      "collect.klima.all.2026-09-02.first",
      "collect.klima.all.2026-09-01.first",
    ]);
  });

  it("stops at until (exclusive) and plans no tail beyond it", () => {
    const s = schedule({ since: "2026-09-01", until: "2026-09-03", liveTailDays: 5 });
    const coverage = {
      klima: { "2026-09-01": dayStart("2026-09-03"), "2026-09-02": dayStart("2026-09-03") },
    };
    const jobs = planDue(state([s], coverage), Date.parse("2026-09-04T01:00:00Z"));
    expect(jobs.map((j) => j.id)).toEqual([
      "collect.klima.all.2026-09-02.2026-09-04",
      "collect.klima.all.2026-09-01.2026-09-04",
    ]);
    expect(planDue(state([s], coverage), Date.parse("2026-09-20T01:00:00Z"))).toEqual([]);
  });

  it("a paused schedule plans nothing; a schedule starting in the future plans nothing yet", () => {
    expect(planDue(state([schedule({ paused: true })]), Date.parse("2026-09-05T10:00:00Z"))).toEqual([]);
    expect(planDue(state([schedule({ since: "2026-09-05" })]), Date.parse("2026-09-05T10:00:00Z"))).toEqual(
      [],
    );
  });

  it("orders compliance, then refresh, then collections by schedule priority", () => {
    const jobs = planDue(
      {
        ...state([schedule({ name: "b", priority: 7 }), schedule({ name: "a", priority: 2 })]),
        refreshDue: [
          { platform: "tiktok", publishedDay: "2026-08-24", records: 3 },
          { platform: "tiktok", publishedDay: "2026-08-25", records: 1 },
        ],
        complianceDue: [
          { platform: "tiktok", publishedDay: "2026-07-01", records: 2 },
          { platform: "tiktok", publishedDay: "2026-07-20", records: 5 },
          { platform: "tiktok", publishedDay: "2026-08-02", records: 0 },
        ],
      },
      Date.parse("2026-09-03T10:00:00Z"),
    );
    // Re-checks in blocks of 28 published days (one request holds 100 IDs within 30 days).
    expect(jobs.map((j) => j.id)).toEqual([
      "compliance.tiktok.2026-06-04.2026-09-03",
      "compliance.tiktok.2026-07-02.2026-09-03",
      "refresh.tiktok.2026-07-30.2026-09-03",
      "collect.a.all.2026-09-02.first",
      "collect.a.all.2026-09-01.first",
      "collect.b.all.2026-09-02.first",
      "collect.b.all.2026-09-01.first",
    ]);
    expect(jobs.map((j) => j.priority)).toEqual([1, 1, 2, 12, 12, 17, 17]);
    expect(jobs[0]).toMatchObject({ publishedFrom: "2026-06-04", publishedUntil: "2026-07-02" });
  });
});
