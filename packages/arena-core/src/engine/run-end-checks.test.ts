import { describe, expect, it } from "vitest";
import { silentLogger } from "../adapters/loggers.js";
import { MemoryCheckpointStore } from "../adapters/memory-checkpoint-store.js";
import type { Progress } from "../contract/collector.js";
import { SilentZeroError, WindowsDeferredError } from "../errors/run-flags.js";
import { dateWindows } from "../helpers/date-windows.js";
import type { Page } from "./page-source.js";
import { type EngineDeps, type RunSpec, runCollection } from "./run-collection.js";
import { DAY, FakeArena, type FakeItem, spread, T0 } from "./test-support/fake-arena.js";

type Spec = RunSpec<string, Page<FakeItem>, { id: string; label: string }>;

function setup(items: Record<string, FakeItem[]>, now = T0 + 30 * DAY) {
  const arena = new FakeArena(items, 100);
  const checkpoints = new MemoryCheckpointStore();
  let clockNow = now;
  const deps: EngineDeps = { checkpoints, clock: { now: () => clockNow }, logger: silentLogger };
  const progress: Progress[] = [];
  const spec = (over: Partial<Spec> = {}): Spec => ({
    kind: "fake",
    runId: "run",
    fingerprint: "f1",
    options: { onProgress: (p) => progress.push(p) },
    partitions: Object.keys(items).map((label) => ({ label, query: label })),
    windows: dateWindows(new Date(T0), new Date(T0 + 8 * DAY), 2),
    unit: "window",
    source: arena,
    requests: () => arena.requests,
    ...over,
  });
  return { arena, checkpoints, deps, spec, progress, setNow: (ms: number) => (clockNow = ms) };
}

async function drain<T>(run: AsyncIterable<T>) {
  const records: T[] = [];
  let error: unknown;
  try {
    for await (const r of run) records.push(r);
  } catch (e) {
    error = e;
  }
  return { records, error };
}

/** `n` items in each day of [T0, T0 + days). */
const daily = (prefix: string, days: number, n: number): FakeItem[] =>
  Array.from({ length: days }, (_, d) => spread(`${prefix}${d}-`, n, T0 + d * DAY, DAY / (n + 1))).flat();

describe("deferral: windows within the ingestion lag", () => {
  it("collects the settled windows, leaves the later ones unmarked, and a later run collects them", async () => {
    const { arena, checkpoints, deps, spec, progress, setNow } = setup(
      { a: daily("a", 8, 3) },
      T0 + 10 * DAY,
    );
    // Settled up to T0 + 5 days: the windows ending on day 6 and day 8 are deferred.
    const deferral = { settledBefore: T0 + 5 * DAY, reason: "the platform ingests with a lag of 5 days" };
    const first = await drain(runCollection(deps, spec({ deferral })));
    expect(first.error).toBeInstanceOf(WindowsDeferredError);
    const error = first.error as WindowsDeferredError;
    expect(error.message).toContain("the platform ingests with a lag of 5 days");
    expect(error.message).toContain("ending after 2026-09-06");
    expect(error.deferred.map((w) => w.since.slice(0, 10))).toEqual(["2026-09-05", "2026-09-07"]);
    // The first deferred window (until day 6) settles 5 days after its end.
    expect(error.resumeAt).toBe(new Date(T0 + 11 * DAY).toISOString());
    expect(first.records).toHaveLength(4 * 3);
    expect(progress.at(-1)).toMatchObject({ phase: "paused", windowsDone: 2, windowsTotal: 4 });
    expect(
      await checkpoints.get("run", "a|2026-09-05T00:00:00.000Z..2026-09-07T00:00:00.000Z"),
    ).toBeUndefined();
    const before = arena.requests;

    // Later: everything has settled; the same run collects only what it left.
    setNow(T0 + 20 * DAY);
    const second = await drain(
      runCollection(deps, spec({ deferral: { ...deferral, settledBefore: T0 + 15 * DAY } })),
    );
    expect(second.error).toBeUndefined();
    expect(second.records).toHaveLength(4 * 3);
    expect(arena.requests - before).toBe(2);
    expect(progress.at(-1)).toMatchObject({ phase: "completed", windowsDone: 4 });
  });

  it("without a deferral every window is collected and the run completes", async () => {
    const { deps, spec } = setup({ a: daily("a", 8, 3) }, T0 + 10 * DAY);
    const run = await drain(runCollection(deps, spec()));
    expect(run.error).toBeUndefined();
    expect(run.records).toHaveLength(24);
  });
});

describe("the silent-zero alarm", () => {
  it("flags windows that collapse to zero mid-range and leaves them for a resume", async () => {
    // Days 0–3 have 30 records a day, days 4–7 nothing (the API went quiet).
    const { checkpoints, deps, spec, progress } = setup({ a: daily("a", 4, 30) });
    const run = await drain(runCollection(deps, spec({ silentZeros: {} })));
    expect(run.error).toBeInstanceOf(SilentZeroError);
    const error = run.error as SilentZeroError;
    expect(error.message).toMatch(/^SILENT ZEROS: 2 window\(s\) came back empty/);
    expect(error.silentZeros.map((z) => [z.reason, z.window.since.slice(0, 10)])).toEqual([
      ["collapse", "2026-09-05"],
      ["collapse", "2026-09-07"],
    ]);
    const last = progress.at(-1)!;
    expect(last.phase).toBe("incomplete");
    expect(last.silentZeros).toHaveLength(2);
    expect(last.windowsDone).toBe(2);
    const reset = await checkpoints.get("run", "a|2026-09-05T00:00:00.000Z..2026-09-07T00:00:00.000Z");
    expect(reset).toMatchObject({ done: false, pages: 0 });
  });

  it("flags an empty run that its history expected to be busy", async () => {
    const { deps, spec } = setup({ a: [] });
    const run = await drain(runCollection(deps, spec({ silentZeros: { expected: async () => 500 } })));
    expect(run.error).toBeInstanceOf(SilentZeroError);
    expect((run.error as SilentZeroError).silentZeros.every((z) => z.reason === "expected")).toBe(true);
  });

  it("a canary with matches tells a real absence from an outage: not flagged", async () => {
    const { deps, spec, progress } = setup({ a: [] });
    let asked = 0;
    const canary = async () => {
      asked++;
      return 12;
    };
    const run = await drain(
      runCollection(deps, spec({ silentZeros: { expected: async () => 500, canary } })),
    );
    expect(run.error).toBeUndefined();
    expect(asked).toBe(1);
    expect(progress.at(-1)?.phase).toBe("completed");
  });

  it("an empty canary makes an all-empty run an outage, even without history", async () => {
    const { deps, spec } = setup({ a: [] });
    const run = await drain(
      runCollection(deps, spec({ silentZeros: { canary: async () => 0, canaryLabel: '"#fyp"' } })),
    );
    expect(run.error).toBeInstanceOf(SilentZeroError);
    expect((run.error as SilentZeroError).message).toContain('the canary query "#fyp" came back empty too');
  });

  it("an empty run with no evidence is not flagged, and a busy run never asks the canary", async () => {
    const empty = setup({ a: [] });
    expect((await drain(runCollection(empty.deps, empty.spec({ silentZeros: {} })))).error).toBeUndefined();
    const busy = setup({ a: daily("a", 8, 3) });
    let asked = 0;
    const run = await drain(
      runCollection(busy.deps, busy.spec({ silentZeros: { canary: async () => ++asked } })),
    );
    expect(run.error).toBeUndefined();
    expect(asked).toBe(0);
  });
});

describe("the silent-zero alarm and recent windows", () => {
  it("does not judge windows ending after judgedBefore (not ingested yet is no evidence)", async () => {
    const { deps, spec } = setup({ a: daily("a", 4, 30) });
    const run = await drain(runCollection(deps, spec({ silentZeros: { judgedBefore: T0 + 4 * DAY } })));
    expect(run.error).toBeUndefined();
    const judged = setup({ a: daily("a", 4, 30) });
    const all = await drain(
      runCollection(judged.deps, judged.spec({ silentZeros: { judgedBefore: T0 + 6 * DAY } })),
    );
    expect((all.error as SilentZeroError).silentZeros).toHaveLength(1);
  });
});
