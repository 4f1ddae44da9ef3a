import { describe, expect, it } from "vitest";
import { silentLogger } from "../adapters/loggers.js";
import { MemoryCheckpointStore } from "../adapters/memory-checkpoint-store.js";
import type { Progress } from "../contract/collector.js";
import {
  ConfigError,
  IncompleteCollectionError,
  QuotaExhaustedError,
  TransientError,
} from "../errors/arena-error.js";
import { dateWindows } from "../helpers/date-windows.js";
import type { Page } from "./page-source.js";
import { type EngineDeps, type RunResult, type RunSpec, runCollection } from "./run-collection.js";
import { DAY, FakeArena, type FakeItem, spread, T0 } from "./test-support/fake-arena.js";
import type { WindowOutcome } from "./window-chooser.js";

type Spec = RunSpec<string, Page<FakeItem>, { id: string; label: string }>;

function setup(items: Record<string, FakeItem[]>, deps: Partial<EngineDeps> = {}) {
  const arena = new FakeArena(items);
  const checkpoints = new MemoryCheckpointStore();
  const base: EngineDeps = { checkpoints, clock: { now: () => T0 }, logger: silentLogger, ...deps };
  const progress: Progress[] = [];
  const spec = (over: Partial<Spec> = {}): Spec => ({
    kind: "fake",
    runId: "run",
    fingerprint: "f1",
    options: { onProgress: (p) => progress.push(p) },
    partitions: Object.keys(items).map((label) => ({ label, query: label })),
    windows: dateWindows(new Date(T0), new Date(T0 + 4 * DAY), 2),
    unit: "window",
    source: arena,
    requests: () => arena.requests,
    ...over,
  });
  return { arena, checkpoints, deps: base, spec, progress };
}

async function drain<T>(run: AsyncGenerator<T, RunResult>, stopAfter = Number.POSITIVE_INFINITY) {
  const records: T[] = [];
  let error: unknown;
  let result: RunResult | undefined;
  try {
    for (;;) {
      if (records.length >= stopAfter) {
        await run.return(undefined as never);
        break;
      }
      const step = await run.next();
      if (step.done) {
        result = step.value;
        break;
      }
      records.push(step.value);
    }
  } catch (e) {
    error = e;
  }
  return { records, error, result };
}

const ids = (records: { id: string }[]) => records.map((r) => r.id);

describe("runCollection: partitions × windows × pages", () => {
  it("collects every partition and window page by page and checkpoints each page", async () => {
    const { arena, checkpoints, deps, spec, progress } = setup({ a: spread("a", 8), b: spread("b", 3) });
    const { records, error, result } = await drain(runCollection(deps, spec()));
    expect(error).toBeUndefined();
    expect(ids(records).sort()).toEqual([...spread("a", 8), ...spread("b", 3)].map((i) => i.id).sort());
    expect(result).toEqual({ phase: "completed", windowsDone: 4, windowsTotal: 4, heldElsewhere: 0 });
    // a: 4 items per 2-day window (2 pages each); b: 3 in the first window (2 pages), none in the second (1).
    expect(arena.requests).toBe(2 + 2 + 2 + 1);
    const a1 = await checkpoints.get("run", "a|2026-09-01T00:00:00.000Z..2026-09-03T00:00:00.000Z");
    expect(a1).toMatchObject({ done: true, pages: 2, records: 4, cursor: "4" });
    expect(progress.at(-1)).toMatchObject({ phase: "completed", records: 11, requests: 7, windowsDone: 4 });
  });

  it("a resume replays at most the page that was not checkpointed, and never yields a record twice", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 8) });
    const first = await drain(runCollection(deps, spec()), 3); // stops inside the second page
    expect(ids(first.records)).toEqual(["a0", "a1", "a2"]);
    const second = await drain(runCollection(deps, spec()));
    expect(second.error).toBeUndefined();
    // The second page (a2, a3) was not checkpointed: it is fetched again (at-least-once across runs).
    expect(ids(second.records)).toEqual(["a2", "a3", "a4", "a5", "a6", "a7"]);
    expect(arena.log).toEqual([
      "a 2026-09-01@0",
      "a 2026-09-01@2",
      "a 2026-09-01@2",
      "a 2026-09-03@0",
      "a 2026-09-03@2",
    ]);
    // Started again after it completed: nothing is asked.
    const third = await drain(runCollection(deps, spec()));
    expect(third.records).toEqual([]);
    expect(third.result).toMatchObject({ phase: "completed", windowsDone: 2 });
    expect(arena.log).toHaveLength(5);
  });

  it("awaits beforeCheckpoint with the page's ids before its checkpoint is saved", async () => {
    const { checkpoints, deps, spec } = setup({ a: spread("a", 3) });
    const seen: string[] = [];
    const options = {
      beforeCheckpoint: async (page: { partition: string; ids: string[]; done: boolean }) => {
        const saved = await checkpoints.get("run", page.partition);
        seen.push(`${page.ids.join(",")}:${page.done}:${saved?.pages ?? 0}`);
      },
    };
    await drain(
      runCollection(
        deps,
        spec({ options, windows: [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }] }),
      ),
    );
    expect(seen).toEqual(["a0,a1:false:0", "a2:true:1"]);
  });

  it("refuses a runId that belongs to another query", async () => {
    const { deps, spec } = setup({ a: spread("a", 1) });
    await drain(runCollection(deps, spec()));
    const { error } = await drain(runCollection(deps, spec({ fingerprint: "other" })));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("runId");
  });

  it("skips invalid items and counts them", async () => {
    const items = spread("a", 3);
    items[1]!.valid = false;
    const { deps, spec, progress } = setup({ a: items });
    const { records } = await drain(runCollection(deps, spec()));
    expect(ids(records)).toEqual(["a0", "a2"]);
    expect(progress.at(-1)?.skipped).toBe(1);
  });
});

describe("runCollection: verdicts", () => {
  it("split: a window that keeps failing is split in two and both halves are collected", async () => {
    const { arena, checkpoints, deps, spec, progress } = setup({ a: spread("a", 4) });
    arena.fail("a@0", "split");
    const windows = [{ since: new Date(T0), until: new Date(T0 + 2 * DAY) }];
    const { records, error } = await drain(runCollection(deps, spec({ windows })));
    expect(error).toBeUndefined();
    expect(ids(records)).toEqual(["a0", "a1", "a2", "a3"]);
    const parent = await checkpoints.get("run", "a|2026-09-01T00:00:00.000Z..2026-09-03T00:00:00.000Z");
    expect(parent?.data?.splitInto).toHaveLength(2);
    expect(progress.at(-1)).toMatchObject({ phase: "completed", windowsTotal: 2 });
  });

  it("split: the adaptive chooser learns the whole window's records, its halves' included", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 8) });
    arena.fail("a@4", "split");
    const outcomes: WindowOutcome[] = [];
    const since = new Date(T0);
    const until = new Date(T0 + 4 * DAY);
    const chooser = {
      next: (from: Date, to: Date) => ({ since: from, until: to }),
      observe: (outcome: WindowOutcome) => outcomes.push(outcome),
    };
    const { records, error } = await drain(
      runCollection(deps, spec({ windows: undefined, adaptive: { since, until, chooser: () => chooser } })),
    );
    expect(error).toBeUndefined();
    expect(ids(records).sort()).toEqual(spread("a", 8).map((i) => i.id));
    expect(outcomes).toEqual([
      { window: { since, until }, records: 4, pages: 2, split: true, splitRecords: 8 },
    ]);
  });

  it("split: a window that cannot be split is given up; the run ends incomplete and a resume retries it", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 2), b: spread("b", 2) });
    arena.fail("a@0", "split");
    const windows = [{ since: new Date(T0), until: new Date(T0 + DAY) }];
    const first = await drain(runCollection(deps, spec({ windows })));
    expect(ids(first.records)).toEqual(["b0", "b1"]);
    expect(first.error).toBeInstanceOf(IncompleteCollectionError);
    expect((first.error as IncompleteCollectionError).givenUp).toEqual([
      {
        partition: "a",
        since: "2026-09-01T00:00:00.000Z",
        until: "2026-09-02T00:00:00.000Z",
        reason: "failed on every attempt",
      },
    ]);
    const second = await drain(runCollection(deps, spec({ windows })));
    expect(second.error).toBeUndefined();
    expect(ids(second.records)).toEqual(["a0", "a1"]);
  });

  it("give-up: never splits (e.g. a paid collection), and split: false gives up instead of splitting", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 4) });
    arena.fail("a@0", "give-up");
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    const run = await drain(runCollection(deps, spec({ windows })));
    expect(run.error).toBeInstanceOf(IncompleteCollectionError);
    expect(arena.log).toEqual(["a 2026-09-01@0"]);

    const other = setup({ a: spread("a", 4) });
    other.arena.fail("a@0", "split");
    const unsplit = await drain(runCollection(other.deps, other.spec({ windows, split: false })));
    expect(unsplit.error).toBeInstanceOf(IncompleteCollectionError);
  });

  it("restart-search: the window starts again from its first page once, without yielding twice", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 6) });
    arena.fail("a@4", "restart-search");
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    const { records, error } = await drain(runCollection(deps, spec({ windows })));
    expect(error).toBeUndefined();
    expect(ids(records)).toEqual(["a0", "a1", "a2", "a3", "a4", "a5"]);
    expect(arena.log).toEqual([
      "a 2026-09-01@0",
      "a 2026-09-01@2",
      "a 2026-09-01@4",
      "a 2026-09-01@0",
      "a 2026-09-01@2",
      "a 2026-09-01@4",
    ]);
  });

  it("split in a later invocation: the halves do not yield again what the window yielded before a quota pause", async () => {
    const { arena, checkpoints, deps, spec } = setup({ a: spread("a", 8) });
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    arena.fail("a@4", "pause-quota");
    const first = await drain(runCollection(deps, spec({ windows })));
    expect(first.error).toBeInstanceOf(QuotaExhaustedError);
    expect(ids(first.records)).toEqual(["a0", "a1", "a2", "a3"]);
    // The next day the window keeps failing and is split: its first half holds a0..a3 again.
    arena.fail("a@4", "split");
    const second = await drain(runCollection(deps, spec({ windows })));
    expect(second.error).toBeUndefined();
    expect(ids(second.records)).toEqual(["a4", "a5", "a6", "a7"]);
    expect(arena.log.filter((line) => line.startsWith("a 2026-09-01@0"))).toHaveLength(2); // re-read, not re-yielded
    // The run is complete: what was kept for it is gone.
    expect(await checkpoints.list("run#yielded")).toEqual([]);
  });

  it("split after a pause, then paused again inside a half: a third invocation still yields nothing twice", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 8) });
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    arena.fail("a@4", "pause-quota", "split");
    // Second invocation: the split's first half re-reads a0..a3 (dropped), the second half pauses after a4, a5.
    arena.fail("a@2", "pause-quota");
    const all: string[] = [];
    for (let i = 0; i < 4; i++) {
      const run = await drain(runCollection(deps, spec({ windows })));
      all.push(...ids(run.records));
      if (!run.error) break;
      expect(run.error).toBeInstanceOf(QuotaExhaustedError);
    }
    expect(all.sort()).toEqual(spread("a", 8).map((i) => i.id));
  });

  it("restart-search in a later invocation: the first pages are read again but not yielded again", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 6) });
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    arena.fail("a@4", "pause-quota", "restart-search");
    const first = await drain(runCollection(deps, spec({ windows })));
    expect(ids(first.records)).toEqual(["a0", "a1", "a2", "a3"]);
    const second = await drain(runCollection(deps, spec({ windows })));
    expect(second.error).toBeUndefined();
    expect(ids(second.records)).toEqual(["a4", "a5"]);
  });

  it("a page the consumer stopped inside is not kept as yielded: it comes again, never lost", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 8) });
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    const first = await drain(runCollection(deps, spec({ windows })), 3); // inside the second page
    expect(ids(first.records)).toEqual(["a0", "a1", "a2"]);
    arena.fail("a@2", "split");
    const second = await drain(runCollection(deps, spec({ windows })));
    expect(second.error).toBeUndefined();
    expect(ids(second.records)).toEqual(expect.arrayContaining(["a2", "a3", "a4", "a5", "a6", "a7"]));
  });

  it("restart-search that persists splits the window", async () => {
    const { arena, checkpoints, deps, spec } = setup({ a: spread("a", 6) });
    arena.fail("a@2", "restart-search", "restart-search");
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    const { records, error } = await drain(runCollection(deps, spec({ windows })));
    expect(error).toBeUndefined();
    expect(ids(records).sort()).toEqual(["a0", "a1", "a2", "a3", "a4", "a5"]);
    const parent = await checkpoints.get("run", "a|2026-09-01T00:00:00.000Z..2026-09-05T00:00:00.000Z");
    expect(parent?.data?.splitInto).toHaveLength(2);
  });

  it("skip-target: the target is an outcome, not a failure; the run completes", async () => {
    const { arena, checkpoints, deps, spec } = setup({ alice: spread("x", 2), bob: spread("y", 2) });
    arena.fail("alice@0", "skip-target");
    const settled: string[] = [];
    const { records, error } = await drain(
      runCollection(
        deps,
        spec({
          windows: undefined,
          unit: "target",
          onSettled: (task, checkpoint, how) =>
            settled.push(`${task.key}:${how}:${checkpoint.data?.status ?? ""}`),
        }),
      ),
    );
    expect(error).toBeUndefined();
    expect(ids(records)).toEqual(["y0", "y1"]);
    expect(settled).toEqual(["alice:skipped:private", "bob:done:"]);
    expect(await checkpoints.get("run", "alice")).toMatchObject({ done: true, data: { status: "private" } });
  });

  it("pause-quota: the run pauses with its checkpoints and resumes where it stopped", async () => {
    const { arena, deps, spec, progress } = setup({ a: spread("a", 4) });
    arena.fail("a@2", "pause-quota");
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    const first = await drain(runCollection(deps, spec({ windows })));
    expect(first.error).toBeInstanceOf(QuotaExhaustedError);
    expect(progress.at(-1)).toMatchObject({ phase: "paused", resumeAt: "2026-09-02T00:00:00.000Z" });
    const second = await drain(runCollection(deps, spec({ windows })));
    expect(ids([...first.records, ...second.records])).toEqual(["a0", "a1", "a2", "a3"]);
  });

  it("retry (retries spent on something that is not the window's fault): the run stops, nothing is split", async () => {
    const { arena, checkpoints, deps, spec, progress } = setup({ a: spread("a", 4) });
    arena.fail("a@0", "retry");
    const { error } = await drain(runCollection(deps, spec()));
    expect((error as Error).message).toContain("retry at a@0");
    expect(progress.at(-1)?.phase).toBe("failed");
    const saved = await checkpoints.list("run");
    expect(saved.some((c) => c.data?.splitInto)).toBe(false);
  });

  it("a fault seen after a page: its records are kept and checkpointed, then the verdict applies", async () => {
    const { arena, checkpoints, deps, spec } = setup({ a: spread("a", 4) });
    const fetchPage = arena.fetchPage.bind(arena);
    arena.fetchPage = async (request) => {
      const page = await fetchPage(request);
      if (request.cursor.cursor === "2") {
        return {
          ...page,
          done: false,
          next: request.cursor,
          fault: new TransientError("stuck", { verdict: "give-up" }),
        };
      }
      return page;
    };
    const { records, error } = await drain(runCollection(deps, spec({ windows: undefined })));
    expect(ids(records)).toEqual(["a0", "a1", "a2", "a3"]);
    expect(error).toBeInstanceOf(IncompleteCollectionError);
    expect(await checkpoints.get("run", "a")).toMatchObject({
      cursor: "2",
      pages: 2,
      records: 4,
      givenUp: "stuck",
    });
  });
});

describe("runCollection: give-up with a fresh start, a lost lease", () => {
  it("give-up with details.freshStart forgets the partition's progress: a resume starts it afresh", async () => {
    const { arena, checkpoints, deps, spec } = setup({ a: spread("a", 6) });
    let prepared = 0;
    let calls = 0;
    const source = {
      fetchPage: async (request: Parameters<FakeArena["fetchPage"]>[0]) => {
        if (++calls === 2) {
          throw new TransientError("snapshot gone", { verdict: "give-up", details: { freshStart: true } });
        }
        return arena.fetchPage(request);
      },
      normalise: arena.normalise.bind(arena),
      prepare: async (_request: unknown, save: (data: Record<string, unknown>) => Promise<void>) => {
        prepared++;
        await save({ snapshot: `s${prepared}` });
      },
    };
    const first = await drain(runCollection(deps, spec({ windows: undefined, source })));
    expect(first.error).toBeInstanceOf(IncompleteCollectionError);
    expect(await checkpoints.get("run", "a")).toMatchObject({ givenUp: "snapshot gone", pages: 1 });
    expect((await checkpoints.get("run", "a"))?.cursor).toBeUndefined();
    const second = await drain(runCollection(deps, spec({ windows: undefined, source })));
    expect(second.error).toBeUndefined();
    expect(prepared).toBe(2);
    expect(ids(second.records)).toEqual(["a0", "a1", "a2", "a3", "a4", "a5"]);
  });

  it("a worker that stalled past its lease leaves the window to the one that took it over", async () => {
    const { checkpoints, deps, spec } = setup({ a: spread("a", 6) });
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    const key = "a|2026-09-01T00:00:00.000Z..2026-09-05T00:00:00.000Z";
    const run = runCollection(
      { ...deps, workerId: "slow", leasePollMs: 1, sleep: async () => {} },
      spec({ leases: true, windows }),
    );
    expect((await run.next()).value).toMatchObject({ id: "a0" });
    // Meanwhile another worker takes the window over (the lease lapsed) and moves it on.
    await checkpoints.release("run", key, "slow");
    expect(await checkpoints.claim("run", key, "fast", 60_000)).toBe(true);
    const saved = await checkpoints.get("run", key);
    await checkpoints.put({
      runId: "run",
      partition: key,
      done: true,
      pages: 3,
      records: 6,
      updatedAt: "",
      ...(saved ? {} : {}),
    });
    const rest: string[] = [];
    for (;;) {
      const step = await run.next();
      if (step.done) break;
      rest.push((step.value as { id: string }).id);
    }
    // a1 was the rest of the page in hand; the slow worker did not overwrite the other's checkpoint.
    expect(rest).toEqual(["a1"]);
    expect(await checkpoints.get("run", key)).toMatchObject({ done: true, pages: 3, records: 6 });
  });
});

describe("runCollection: limits", () => {
  it("maxResults holds across partitions and resumes", async () => {
    const { deps, spec } = setup({ a: spread("a", 4), b: spread("b", 4) });
    const first = await drain(runCollection(deps, spec({ maxResults: 5 })), 3);
    expect(first.records).toHaveLength(3);
    const second = await drain(runCollection(deps, spec({ maxResults: 5 })));
    // The first run checkpointed one page (2 records); the second yields 3 more and completes.
    expect(second.records).toHaveLength(3);
    expect(second.result?.phase).toBe("completed");
    const third = await drain(runCollection(deps, spec({ maxResults: 5 })));
    expect(third.records).toEqual([]);
  });

  it("partitionLimit: each partition stops at its limit and is done", async () => {
    const { arena, checkpoints, deps, spec } = setup({ a: spread("a", 5), b: spread("b", 1) });
    const { records } = await drain(runCollection(deps, spec({ windows: undefined, partitionLimit: 3 })));
    expect(ids(records)).toEqual(["a0", "a1", "a2", "b0"]);
    expect(arena.requests).toBe(3);
    expect(await checkpoints.get("run", "a")).toMatchObject({ done: true, records: 3 });
  });
});

describe("runCollection: request budget", () => {
  it("stops after the page that spent the budget, paused, and the next invocation goes on", async () => {
    const { arena, deps, spec, progress } = setup({ a: spread("a", 8) });
    const windows = [{ since: new Date(T0), until: new Date(T0 + 4 * DAY) }];
    const first = await drain(runCollection(deps, spec({ windows, requestBudget: 2 })));
    expect(ids(first.records)).toEqual(["a0", "a1", "a2", "a3"]);
    expect(first.result?.phase).toBe("paused");
    expect(progress.at(-1)?.phase).toBe("paused");
    const second = await drain(runCollection(deps, spec({ windows, requestBudget: 2 })));
    expect(ids(second.records)).toEqual(["a4", "a5", "a6", "a7"]);
    expect(second.result?.phase).toBe("completed");
    expect(arena.requests).toBe(4);
  });
});

describe("runCollection: one partition × window (a job), and workers", () => {
  it("runs only the asked window; the job that finishes the last window completes the run", async () => {
    const { arena, deps, spec } = setup({ a: spread("a", 8), b: spread("b", 2) });
    const windows = dateWindows(new Date(T0), new Date(T0 + 4 * DAY), 2);
    const jobs = [
      { label: "a", window: windows[1]! },
      { label: "b", window: windows[0]! },
      { label: "a", window: windows[0]! },
      { label: "b", window: windows[1]! },
    ];
    const results: RunResult[] = [];
    const all: string[] = [];
    for (const only of jobs) {
      const { records, result, error } = await drain(runCollection(deps, spec({ only })));
      expect(error).toBeUndefined();
      all.push(...ids(records));
      results.push(result!);
    }
    expect(results.map((r) => r.phase)).toEqual(["running", "running", "running", "completed"]);
    expect(all.sort()).toEqual([...spread("a", 8), ...spread("b", 2)].map((i) => i.id).sort());
    expect(arena.log[0]).toBe("a 2026-09-03@0");
  });

  it("a job whose window another worker holds returns at once, saying so", async () => {
    const { checkpoints, deps, spec } = setup({ a: spread("a", 2) });
    const windows = dateWindows(new Date(T0), new Date(T0 + 4 * DAY), 2);
    const key = "a|2026-09-01T00:00:00.000Z..2026-09-03T00:00:00.000Z";
    expect(await checkpoints.claim("run", key, "other-worker", 60_000)).toBe(true);
    const { records, result } = await drain(
      runCollection(
        { ...deps, workerId: "me" },
        spec({ leases: true, only: { label: "a", window: windows[0]! } }),
      ),
    );
    expect(records).toEqual([]);
    expect(result).toMatchObject({ phase: "running", heldElsewhere: 1 });
  });

  it("two workers share one run through leases: every window is collected once", async () => {
    const items = { a: spread("a", 8, T0, DAY / 4), b: spread("b", 8, T0, DAY / 4) };
    const { checkpoints, arena, spec } = setup(items);
    let now = T0;
    const deps = (workerId: string): EngineDeps => ({
      checkpoints,
      clock: { now: () => now },
      logger: silentLogger,
      workerId,
      sleep: async () => {
        now += 1_000;
      },
      leasePollMs: 1_000,
    });
    const windows = dateWindows(new Date(T0), new Date(T0 + 2 * DAY), 1);
    const one = runCollection(deps("w1"), spec({ leases: true, windows }));
    const two = runCollection(deps("w2"), spec({ leases: true, windows }));
    const [r1, r2] = await Promise.all([drain(one), drain(two)]);
    expect(r1.error).toBeUndefined();
    expect(r2.error).toBeUndefined();
    const got = [...ids(r1.records), ...ids(r2.records)].sort();
    expect(got).toEqual([...items.a, ...items.b].map((i) => i.id).sort());
    expect(new Set(arena.log).size).toBe(arena.log.length);
  });
});
