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
