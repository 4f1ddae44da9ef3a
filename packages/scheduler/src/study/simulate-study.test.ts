import { describe, expect, it } from "vitest";
import { MemorySchedulerStore } from "../store/memory-scheduler-store.js";
import { inProcessStudyExecutor, simulateStudy } from "./simulate-study.js";

describe("a simulated study, in-process, memory store", () => {
  it("30 days, 3 schedules: every guarantee holds", async () => {
    const report = await simulateStudy({
      days: 30,
      store: async (clock) => new MemorySchedulerStore({ clock }),
      executor: inProcessStudyExecutor(),
      onDay: (d) =>
        console.log(
          d.day,
          d.requests,
          JSON.stringify(d.spend),
          d.jobs.done,
          d.jobs.paused,
          d.jobs.failed.length,
        ),
    });
    for (const g of report.guarantees) console.log(g.held ? "ok  " : "FAIL", g.name, "—", g.detail);
    expect(report.guarantees.filter((g) => !g.held)).toEqual([]);
  });
});
