import {
  type Clock,
  CollectionAbortedError,
  MemoryQuotaLedger,
  type QuotaLedger,
} from "@observatory/arena-core";
import type { TikTokCollector } from "@observatory/arena-tiktok";
import { describe, expect, it } from "vitest";
import { parseSchedule } from "../schedule/schedule.js";
import { MemorySchedulerStore } from "../store/memory-scheduler-store.js";
import { InProcessExecutor, planNow } from "./in-process-executor.js";
import { type JobDeps, runJob } from "./run-job.js";

const clock: Clock = { now: () => Date.parse("2026-09-10T08:00:00Z") };

/** An arena that sends one request, then sees the signal (SIGTERM) and stops as the engine does. */
function stoppedBySignal(quota: QuotaLedger, stop: AbortController): TikTokCollector {
  const stream = (_q: unknown, options?: { signal?: AbortSignal }) => ({
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<never>> => {
        await quota.reserve("cred", "research", 1);
        stop.abort();
        if (options?.signal?.aborted) throw new CollectionAbortedError();
        return { done: true, value: undefined };
      },
    }),
  });
  return { collectByTerms: stream, collectByActors: stream } as unknown as TikTokCollector;
}

async function world() {
  const store = new MemorySchedulerStore({ clock });
  await store.addSchedule({
    ...parseSchedule({ name: "klima", query: { terms: ["klima"] }, since: "2026-09-08" }),
    paused: false,
    createdAt: "2026-09-10T00:00:00.000Z",
  });
  const stop = new AbortController();
  const deps: JobDeps = {
    store,
    clock,
    quota: new MemoryQuotaLedger({ clock, pools: { research: { requests: 100, records: 10_000 } } }),
    shares: { dailyRequests: 100, reservedShare: 0.2 },
    collector: ({ quota }) => stoppedBySignal(quota, stop),
  };
  return { store, deps, stop };
}

describe("SIGTERM during a job: stopped after its checkpoint, not failed", () => {
  it("runJob: a collection the signal stops is 'aborted' and its window stays due", async () => {
    const { store, deps, stop } = await world();
    const [job] = await planNow(store, clock);
    if (!job) throw new Error("nothing planned");
    const outcome = await runJob(job, deps, stop.signal);
    expect(outcome).toEqual({ status: "aborted", records: 0 });
    expect((await store.coverage()).get("klima")?.size ?? 0).toBe(0);
    expect((await planNow(store, clock)).map((j) => j.id)).toContain(job.id);
  });

  it("InProcessExecutor: the tick ends without a failure and the job is planned again", async () => {
    const { store, deps, stop } = await world();
    const heard: string[] = [];
    const executor = new InProcessExecutor(deps, {
      onOutcome: (job, outcome) => heard.push(`${job.id}: ${outcome.status}`),
    });
    const report = await executor.tick(stop.signal);
    expect(report.failed).toEqual([]);
    expect(report.done).toBe(0);
    expect(heard).toEqual(["collect.klima.all.2026-09-09.first: aborted"]);
    expect(await planNow(store, clock)).toHaveLength(2);
  });
});
