import { describe, expect, it } from "vitest";
import type { Checkpoint } from "../ports/checkpoint-store.js";
import { mergePlanCheckpoints, PLAN_PARTITION, type RunPlan } from "./run-plan.js";

const w = (from: number, to: number) =>
  `2026-09-${String(from).padStart(2, "0")}T00:00:00.000Z..2026-09-${String(to).padStart(2, "0")}T00:00:00.000Z`;

const planCheckpoint = (windows: Record<string, string[]>, extra: Partial<RunPlan> = {}): Checkpoint => ({
  runId: "run",
  partition: PLAN_PARTITION,
  done: false,
  pages: 0,
  records: 0,
  updatedAt: "2026-12-06T00:00:00.000Z",
  data: {
    kind: "fake",
    fingerprint: "f",
    records: 0,
    adaptive: { since: "2026-09-01T00:00:00.000Z", until: "2026-09-30T00:00:00.000Z" },
    parts: Object.entries(windows).map(([label, ws]) => ({ label, windows: ws })),
    ...extra,
  } as unknown as Record<string, unknown>,
});

const windowsOf = (c: Checkpoint) => (c.data as unknown as RunPlan).parts.map((p) => [p.label, p.windows]);

describe("mergePlanCheckpoints", () => {
  it("keeps the windows other workers appended to the shared plan, and adds the ones only the worker's copy holds", () => {
    const shared = planCheckpoint({ a: [w(1, 8), w(8, 15), w(15, 20)], b: [w(1, 3)] });
    const own = planCheckpoint({ a: [w(1, 8)], b: [w(1, 3), w(3, 9)] });
    expect(windowsOf(mergePlanCheckpoints(shared, own))).toEqual([
      ["a", [w(1, 8), w(8, 15), w(15, 20)]],
      ["b", [w(1, 3), w(3, 9)]],
    ]);
  });

  it("is the shared copy (its flags too) when the worker's copy has no parts", () => {
    const shared = planCheckpoint({ a: [w(1, 8)] }, { completed: true });
    const own: Checkpoint = { ...shared, data: {} };
    expect(mergePlanCheckpoints(shared, own)).toBe(shared);
  });
});
