import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, QuotaExhaustedError } from "../errors/arena-error.js";
import { ManualClock } from "../ports/clock.js";
import type { QuotaLedger } from "../ports/quota-ledger.js";
import { FileQuotaLedger } from "./file-quota-ledger.js";
import { MemoryQuotaLedger, type QuotaLedgerOptions } from "./memory-quota-ledger.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const ledgers: Record<string, (options: QuotaLedgerOptions) => Promise<QuotaLedger>> = {
  MemoryQuotaLedger: async (options) => new MemoryQuotaLedger(options),
  FileQuotaLedger: async (options) => {
    const dir = await mkdtemp(join(tmpdir(), "quota-"));
    dirs.push(dir);
    return new FileQuotaLedger(join(dir, "quota.json"), options);
  },
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe.each(Object.entries(ledgers))("%s", (_, make) => {
  const pools = { research: { requests: 10, records: 100 } };

  it("grants exactly 10 of 50 concurrent reservations against a limit of 10", async () => {
    const ledger = await make({ pools, clock: new ManualClock("2026-09-01T12:00:00Z") });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => ledger.reserve("cred", "research")),
    );
    const granted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(granted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(QuotaExhaustedError);
    const state = await ledger.state("cred", "research");
    expect(state.requestsUsed).toBe(10);
    expect(state.exhausted).toBe(true);
  });

  it("says when to resume: the next 00:00 UTC, as a quota failure that keeps the run", async () => {
    const clock = new ManualClock("2026-09-01T17:45:00Z");
    const ledger = await make({ pools: { research: { requests: 1, records: 100 } }, clock });
    await ledger.reserve("cred", "research");
    const error = (await rejection(ledger.reserve("cred", "research"))) as QuotaExhaustedError;
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect(error.failureType).toBe("quota");
    expect(error.retryable).toBe(true);
    expect(error.resumeAt).toBe("2026-09-02T00:00:00.000Z");
    expect(error.pool).toBe("research");
    expect(error.message).toMatch(/Resume at 2026-09-02T00:00:00.000Z/);
    expect(error.toJSON()).toMatchObject({
      failureType: "quota",
      details: { resumeAt: "2026-09-02T00:00:00.000Z" },
    });
  });

  it("resets at the next UTC midnight, not before", async () => {
    const clock = new ManualClock("2026-09-01T23:59:59.000Z");
    const ledger = await make({ pools: { research: { requests: 2, records: 100 } }, clock });
    await ledger.reserve("cred", "research");
    await ledger.reserve("cred", "research");
    await expect(ledger.reserve("cred", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
    clock.advance(999);
    await expect(ledger.reserve("cred", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
    clock.advance(1); // 2026-09-02T00:00:00.000Z
    const reservation = await ledger.reserve("cred", "research");
    expect(reservation.day).toBe("2026-09-02");
    const state = await ledger.state("cred", "research");
    expect(state).toMatchObject({ day: "2026-09-02", requestsUsed: 1, requestsLimit: 2, exhausted: false });
    expect(new Date(state.resetsAt).toISOString()).toBe("2026-09-03T00:00:00.000Z");
  });

  it("gives back a released reservation, but not across a day boundary", async () => {
    const clock = new ManualClock("2026-09-01T10:00:00Z");
    const ledger = await make({ pools: { research: { requests: 2, records: 100 } }, clock });
    const first = await ledger.reserve("cred", "research");
    await ledger.reserve("cred", "research");
    await expect(ledger.reserve("cred", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
    await ledger.release(first);
    await ledger.reserve("cred", "research");

    clock.set("2026-09-02T01:00:00Z");
    const today = await ledger.reserve("cred", "research");
    await ledger.release(first); // yesterday's: must not free today's quota
    expect((await ledger.state("cred", "research")).requestsUsed).toBe(1);
    await ledger.release(today);
    expect((await ledger.state("cred", "research")).requestsUsed).toBe(0);
  });

  it("counts records, and refuses once the record limit is reached", async () => {
    const ledger = await make({ pools, clock: new ManualClock("2026-09-01T10:00:00Z") });
    const r = await ledger.reserve("cred", "research");
    await ledger.addRecords(r, 60);
    await ledger.addRecords(r, 0);
    expect((await ledger.state("cred", "research")).recordsUsed).toBe(60);
    await ledger.addRecords(await ledger.reserve("cred", "research"), 40);
    const state = await ledger.state("cred", "research");
    expect(state).toMatchObject({ recordsUsed: 100, recordsLimit: 100, exhausted: true });
    await expect(ledger.reserve("cred", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
  });

  it("markExhausted spends the pool whatever the counters say, until the reset", async () => {
    const clock = new ManualClock("2026-09-01T10:00:00Z");
    const ledger = await make({ pools, clock });
    await ledger.markExhausted("cred", "research");
    expect((await ledger.state("cred", "research")).exhausted).toBe(true);
    await expect(ledger.reserve("cred", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
    clock.set("2026-09-02T00:00:00Z");
    await expect(ledger.reserve("cred", "research")).resolves.toMatchObject({ day: "2026-09-02" });
  });

  it("keeps credentials and pools apart", async () => {
    const ledger = await make({
      pools: { research: { requests: 1, records: 10 }, followers: { requests: 1, records: 10 } },
      clock: new ManualClock("2026-09-01T10:00:00Z"),
    });
    await ledger.reserve("a", "research");
    await expect(ledger.reserve("b", "research")).resolves.toMatchObject({ credential: "b" });
    await expect(ledger.reserve("a", "followers")).resolves.toMatchObject({ pool: "followers" });
    await expect(ledger.reserve("a", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);
  });

  it("rejects an unknown pool and a bad request count with a ConfigError", async () => {
    const ledger = await make({ pools, clock: new ManualClock() });
    await expect(ledger.reserve("cred", "nope")).rejects.toBeInstanceOf(ConfigError);
    await expect(ledger.reserve("cred", "research", 0)).rejects.toBeInstanceOf(ConfigError);
    await expect(ledger.reserve("cred", "research", 1.5)).rejects.toBeInstanceOf(ConfigError);
    expect((await ledger.state("cred", "research")).requestsUsed).toBe(0);
  });

  it("uses the Research API's documented limits by default", async () => {
    const ledger = await make({ clock: new ManualClock() });
    expect(await ledger.state("cred", "research")).toMatchObject({
      requestsLimit: 1_000,
      recordsLimit: 100_000,
    });
    expect(await ledger.state("cred", "followers")).toMatchObject({
      requestsLimit: 20_000,
      recordsLimit: 2_000_000,
    });
  });
});

describe("FileQuotaLedger persistence", () => {
  it("shares one day's count across instances (separate runs on one day)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "quota-"));
    dirs.push(dir);
    const path = join(dir, "state", "quota.json");
    const clock = new ManualClock("2026-09-01T10:00:00Z");
    const pools = { research: { requests: 5, records: 100 } };
    const first = new FileQuotaLedger(path, { pools, clock });
    await Promise.all([1, 2, 3].map(() => first.reserve("cred", "research")));
    await first.addRecords({ credential: "cred", pool: "research", day: "2026-09-01", requests: 1 }, 42);

    const second = new FileQuotaLedger(path, { pools, clock });
    expect(await second.state("cred", "research")).toMatchObject({ requestsUsed: 3, recordsUsed: 42 });
    await second.reserve("cred", "research");
    await second.reserve("cred", "research");
    await expect(second.reserve("cred", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);

    clock.set("2026-09-02T00:00:00Z");
    const third = new FileQuotaLedger(path, { pools, clock });
    expect(await third.state("cred", "research")).toMatchObject({ day: "2026-09-02", requestsUsed: 0 });
  });
});
