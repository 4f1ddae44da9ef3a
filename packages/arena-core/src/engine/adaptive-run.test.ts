import { describe, expect, it } from "vitest";
import { silentLogger } from "../adapters/loggers.js";
import { MemoryCheckpointStore } from "../adapters/memory-checkpoint-store.js";
import { WindowsDeferredError } from "../errors/run-flags.js";
import type { DateWindow } from "../helpers/date-windows.js";
import { WindowPlanner } from "../planning/window-planner.js";
import type { Page, PageSource } from "./page-source.js";
import { type EngineDeps, type RunResult, type RunSpec, runCollection } from "./run-collection.js";
import { decodeWindow, PLAN_PARTITION, type RunPlan } from "./run-plan.js";
import { DAY, FakeArena, type FakeItem, spread, T0 } from "./test-support/fake-arena.js";
import type { AdaptiveWindows, WindowChooser } from "./window-chooser.js";

type Out = { id: string; label: string };
type Spec = RunSpec<string, Page<FakeItem>, Out>;

const RANGE_DAYS = 40;
const range = { since: new Date(T0), until: new Date(T0 + RANGE_DAYS * DAY) };

/** A chooser that takes `sizes` days in turn (then the last one). */
function sized(...sizes: number[]): WindowChooser & { seen: number[] } {
  let i = 0;
  const seen: number[] = [];
  return {
    seen,
    next: (since, until) => ({
      since,
      until: new Date(
        Math.min(until.getTime(), since.getTime() + sizes[Math.min(i++, sizes.length - 1)]! * DAY),
      ),
    }),
    observe: (o) => seen.push(o.records),
  };
}

const adaptiveOf = (chooser: (label: string) => WindowChooser): AdaptiveWindows => ({ ...range, chooser });

/** A page source that takes `delayMs` per request and counts requests in flight. */
function slow(arena: FakeArena, delayMs: number) {
  const stats = { inFlight: 0, maxInFlight: 0 };
  const source: PageSource<string, Page<FakeItem>, Out> = {
    async fetchPage(request) {
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      await new Promise((r) => setTimeout(r, delayMs));
      stats.inFlight--;
      return arena.fetchPage(request);
    },
    normalise: (item, index, page, request) => arena.normalise(item, index, page, request),
  };
  return { source, stats };
}

function setup(items: Record<string, FakeItem[]>, checkpoints = new MemoryCheckpointStore()) {
  const arena = new FakeArena(items, 10);
  const deps: EngineDeps = { checkpoints, clock: { now: () => T0 }, logger: silentLogger, leasePollMs: 1 };
  const spec = (over: Partial<Spec> = {}): Spec => ({
    kind: "fake",
    runId: "run",
    fingerprint: "f1",
    options: {},
    partitions: Object.keys(items).map((label) => ({ label, query: label })),
    unit: "window",
    source: arena,
    requests: () => arena.requests,
    ...over,
  });
  return { arena, checkpoints, deps, spec };
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

const ids = (records: Out[]) => records.map((r) => r.id).sort();
const savedPlan = async (store: MemoryCheckpointStore) =>
  (await store.get("run", PLAN_PARTITION))?.data as unknown as RunPlan;

/** The windows of a plan's partition, checked to be contiguous and to cover the range exactly. */
function contiguous(windows: readonly string[]): DateWindow[] {
  const decoded = windows.map(decodeWindow);
  expect(decoded[0]!.since).toEqual(range.since);
  for (let i = 1; i < decoded.length; i++) expect(decoded[i]!.since).toEqual(decoded[i - 1]!.until);
  expect(decoded.at(-1)!.until).toEqual(range.until);
  return decoded;
}

describe("runCollection with adaptive windows", () => {
  it("asks the chooser for each window from the end of the last, saves it in the plan and reports what it held", async () => {
    const items = { a: spread("a", 60, T0, DAY / 2) }; // 2 a day for 30 days
    const { arena, checkpoints, deps, spec } = setup(items);
    const chooser = sized(10, 30);
    const { records, error, result } = await drain(
      runCollection(deps, spec({ adaptive: adaptiveOf(() => chooser) })),
    );
    expect(error).toBeUndefined();
    expect(ids(records)).toEqual(ids(items.a.map((i) => ({ id: i.id, label: "a" }))));
    const plan = await savedPlan(checkpoints);
    const windows = contiguous(plan.parts[0]!.windows);
    expect(windows.map((w) => (w.until.getTime() - w.since.getTime()) / DAY)).toEqual([10, 30]);
    expect(chooser.seen).toEqual([20, 40]);
    // 20 records in 10 days (2 pages of 10, the second ends it), 40 in the rest (4 pages).
    expect(arena.requests).toBe(2 + 4);
    expect(result).toMatchObject({ phase: "completed", windowsDone: 2, windowsTotal: 2 });
    expect(plan.completed).toBe(true);
  });

  it("a killed run resumes from its saved windows and goes on from their end: no day fetched twice or skipped", async () => {
    const items = { a: spread("a", 80, T0, DAY / 2) };
    const { arena, checkpoints, deps, spec } = setup(items);
    const chooser = sized(3, 5);
    const first = await drain(runCollection(deps, spec({ adaptive: adaptiveOf(() => chooser) })), 25);
    expect(first.records).toHaveLength(25);
    const before = (await savedPlan(checkpoints)).parts[0]!.windows.length;
    // The resumed invocation's chooser would choose differently: the saved windows stand, new ones follow.
    const later = sized(7);
    const second = await drain(runCollection(deps, spec({ adaptive: adaptiveOf(() => later) })));
    expect(second.error).toBeUndefined();
    const all = [...first.records, ...second.records];
    expect(new Set(ids(all))).toEqual(new Set(items.a.map((i) => i.id)));
    // At most the one page that was not checkpointed is fetched again.
    expect(all.length - items.a.length).toBeLessThanOrEqual(10);
    const windows = contiguous((await savedPlan(checkpoints)).parts[0]!.windows);
    expect(windows.slice(0, before).map((w) => (w.until.getTime() - w.since.getTime()) / DAY)).toEqual(
      [3, 5, 5, 5, 5].slice(0, before),
    );
    const fetched = arena.log.filter((l) => l.endsWith("@0"));
    // No window started twice, but the one whose first page was not checkpointed at the kill.
    expect(fetched.length - new Set(fetched).size).toBeLessThanOrEqual(1);
  });

  it("with a deferral (ingestion lag), windows are chosen only up to the last settled day; a later run covers the rest exactly once", async () => {
    const items = { a: spread("a", 80, T0, DAY / 2) }; // 2 a day for the whole 40 days
    const { checkpoints, deps, spec } = setup(items);
    // Settled until the middle of day 25: windows may end at day 25 at the latest.
    const deferral = { settledBefore: T0 + 25.5 * DAY, reason: "the platform ingests with a lag" };
    const first = await drain(runCollection(deps, spec({ adaptive: adaptiveOf(() => sized(7)), deferral })));
    expect(first.error).toBeInstanceOf(WindowsDeferredError);
    const error = first.error as WindowsDeferredError;
    expect(error.deferred).toEqual([
      expect.objectContaining({
        since: new Date(T0 + 25 * DAY).toISOString(),
        until: range.until.toISOString(),
      }),
    ]);
    expect(ids(first.records)).toEqual(ids(items.a.slice(0, 50).map((i) => ({ id: i.id, label: "a" }))));
    const planned = (await savedPlan(checkpoints)).parts[0]!.windows.map(decodeWindow);
    expect(planned.at(-1)!.until).toEqual(new Date(T0 + 25 * DAY));
    expect((await savedPlan(checkpoints)).completed).toBeFalsy();

    // Later, everything has settled: the same run goes on from day 25 and completes.
    const second = await drain(
      runCollection(
        deps,
        spec({
          adaptive: adaptiveOf(() => sized(7)),
          deferral: { ...deferral, settledBefore: T0 + 60 * DAY },
        }),
      ),
    );
    expect(second.error).toBeUndefined();
    expect(second.result?.phase).toBe("completed");
    const all = ids([...first.records, ...second.records]);
    expect(all).toEqual(ids(items.a.map((i) => ({ id: i.id, label: "a" }))));
    contiguous((await savedPlan(checkpoints)).parts[0]!.windows);
  });

  it("a run begun adaptive goes on adaptively when resumed without a chooser", async () => {
    const items = { a: spread("a", 40, T0, DAY) };
    const { checkpoints, deps, spec } = setup(items);
    await drain(runCollection(deps, spec({ adaptive: adaptiveOf(() => sized(4)) })), 5);
    const second = await drain(
      runCollection(deps, spec({ windows: [{ since: range.since, until: new Date(T0 + 6 * DAY) }] })),
    );
    expect(second.error).toBeUndefined();
    contiguous((await savedPlan(checkpoints)).parts[0]!.windows);
    expect(second.result?.phase).toBe("completed");
  });

  it("with WindowPlanner: a sparse query costs one request per 30 days from a cold start", async () => {
    const items = { a: spread("a", 40, T0, DAY) }; // 1 a day: 30 days hold 30, one page of 100
    const { checkpoints, deps, spec } = setup(items);
    const arena = new FakeArena(items, 100);
    const planner = new WindowPlanner();
    const { error } = await drain(
      runCollection(
        deps,
        spec({ source: arena, requests: () => arena.requests, adaptive: adaptiveOf(() => planner) }),
      ),
    );
    expect(error).toBeUndefined();
    expect(arena.requests).toBe(2); // 40 days: two windows of 20
    expect((await savedPlan(checkpoints)).parts[0]!.windows).toHaveLength(2);
  });
});

describe("runCollection with concurrency", () => {
  it("keeps N windows in flight and collects the same records with the same requests as one at a time", async () => {
    const items = { a: spread("a", 120, T0, DAY / 3), b: spread("b", 30, T0, DAY) };
    const serial = setup(items);
    const one = slow(serial.arena, 5);
    const s = await drain(
      runCollection(serial.deps, serial.spec({ source: one.source, adaptive: adaptiveOf(() => sized(4)) })),
    );
    const parallel = setup(items);
    const four = slow(parallel.arena, 5);
    const p = await drain(
      runCollection(
        parallel.deps,
        parallel.spec({ source: four.source, adaptive: adaptiveOf(() => sized(4)), concurrency: 4 }),
      ),
    );
    expect(s.error).toBeUndefined();
    expect(p.error).toBeUndefined();
    expect(ids(p.records)).toEqual(ids(s.records));
    expect(p.records).toHaveLength(150);
    expect(parallel.arena.requests).toBe(serial.arena.requests);
    expect(one.stats.maxInFlight).toBe(1);
    expect(four.stats.maxInFlight).toBe(4);
    expect(p.result).toMatchObject({ phase: "completed", windowsDone: 20, windowsTotal: 20 });
  });

  it("a request budget pauses every window in flight at a checkpoint; the next invocation finishes exactly", async () => {
    const items = { a: spread("a", 120, T0, DAY / 3) };
    const { arena, deps, spec } = setup(items);
    const { source } = slow(arena, 2);
    const first = await drain(
      runCollection(
        deps,
        spec({ source, adaptive: adaptiveOf(() => sized(5)), concurrency: 3, requestBudget: 4 }),
      ),
    );
    expect(first.result?.phase).toBe("paused");
    const spent = arena.requests;
    expect(spent).toBeLessThanOrEqual(4 + 2); // windows in flight finish the page they had asked for
    const second = await drain(
      runCollection(deps, spec({ source, adaptive: adaptiveOf(() => sized(5)), concurrency: 3 })),
    );
    expect(second.result?.phase).toBe("completed");
    expect(new Set(ids([...first.records, ...second.records]))).toEqual(new Set(items.a.map((i) => i.id)));
    expect(first.records.length + second.records.length).toBe(120);
    expect(arena.requests).toBe(8 * 2); // 8 windows of 15 records, 2 pages each: as without the pause
  });

  it("two workers share an adaptive run: every window once, the range covered exactly", async () => {
    const items = { a: spread("a", 90, T0, DAY / 3) };
    const store = new MemoryCheckpointStore();
    const w1 = setup(items, store);
    const w2 = setup(items, store);
    const [r1, r2] = await Promise.all([
      drain(
        runCollection(
          { ...w1.deps, workerId: "w1" },
          w1.spec({ source: slow(w1.arena, 3).source, adaptive: adaptiveOf(() => sized(3)), leases: true }),
        ),
      ),
      drain(
        runCollection(
          { ...w2.deps, workerId: "w2" },
          w2.spec({ source: slow(w2.arena, 3).source, adaptive: adaptiveOf(() => sized(3)), leases: true }),
        ),
      ),
    ]);
    expect(r1.error).toBeUndefined();
    expect(r2.error).toBeUndefined();
    const all = [...r1.records, ...r2.records];
    expect(all).toHaveLength(90);
    expect(new Set(ids(all)).size).toBe(90);
    expect(w1.arena.requests + w2.arena.requests).toBe(14); // 14 windows of ≤ 3 days, one page each
    contiguous((await savedPlan(store)).parts[0]!.windows);
  });
});
