// Several workers share one run through a checkpoint store with leases: each window is collected once.
import { MemoryCheckpointStore, MemoryQuotaLedger } from "@observatory/arena-core";
import type { Emulator } from "@observatory/tiktok-emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  drain,
  EMULATOR_NOW,
  emulatorCollector,
  pagesNeeded,
  startTestEmulator,
  truthFor,
} from "./test-support/emulator-harness.js";

const QUERY = { terms: ["klima", "#dkpol"], since: "2026-08-01", until: "2026-11-01", regions: ["DK"] };
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

it("three workers on one runId collect the exact set between them, each page once", async () => {
  const clock = { now: () => EMULATOR_NOW };
  const checkpoints = new MemoryCheckpointStore({ clock });
  const quota = new MemoryQuotaLedger({ clock });
  const workers = [1, 2, 3].map(() => emulatorCollector(emulator, { checkpoints, quota }).collector);
  const results = await Promise.all(workers.map((w) => drain(w.collectByTerms(QUERY, { runId: "shared" }))));
  for (const r of results) expect(r.error).toBeUndefined();
  const ids = results.flatMap((r) => r.records.map((x) => x.platform_id));
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(truthFor(emulator, QUERY));
  // Work was shared, and no page was fetched twice.
  expect(results.filter((r) => r.records.length > 0).length).toBeGreaterThan(1);
  const requests = workers.reduce((n, w) => n + w.stats.requests, 0);
  expect(requests).toBe(pagesNeeded(emulator, QUERY));
});

it("a worker that stalls past its lease leaves the window to the one that took it over", async () => {
  let now = EMULATOR_NOW;
  const clock = { now: () => now };
  const checkpoints = new MemoryCheckpointStore({ clock });
  const quota = new MemoryQuotaLedger({ clock });
  const query = { terms: ["#dkpol"], since: "2026-09-01", until: "2026-09-08", regions: ["DK"] };
  const options = { checkpoints, quota, clock, maxCount: 20, leaseMs: 60_000 };
  const a = emulatorCollector(emulator, { ...options, workerId: "a" }).collector;
  const b = emulatorCollector(emulator, { ...options, workerId: "b" }).collector;
  const stalled = a.collectByTerms(query, { runId: "stall" })[Symbol.asyncIterator]();
  const first = await stalled.next(); // a holds the window and has its first page in hand
  expect(first.done).toBe(false);
  now += 120_000; // a stalls past its lease
  const fromB = await drain(b.collectByTerms(query, { runId: "stall" }));
  expect(fromB.error).toBeUndefined();
  const fromA: string[] = [(first.value as { platform_id: string }).platform_id];
  for (let r = await stalled.next(); !r.done; r = await stalled.next()) fromA.push(r.value.platform_id);
  // a finished only the page it had in hand, and sent no further request for the window.
  expect(fromA.length).toBeLessThanOrEqual(20);
  expect(a.stats.requests).toBe(1);
  const truth = truthFor(emulator, query);
  expect([...new Set([...fromA, ...fromB.records.map((r) => r.platform_id)])].sort()).toEqual(truth);
  expect((await checkpoints.list("stall")).filter((c) => c.partition !== "plan").every((c) => c.done)).toBe(
    true,
  );
});
