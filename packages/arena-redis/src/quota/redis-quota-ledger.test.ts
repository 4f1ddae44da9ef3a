import {
  ConfigError,
  DAY_MS,
  ManualClock,
  MemoryQuotaLedger,
  nextUtcMidnight,
  QuotaExhaustedError,
} from "@observatory/arena-core";
import { describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../../test-support/redis-fixture.js";
import { redisSkipReason } from "../testing/index.js";
import { RedisQuotaLedger } from "./redis-quota-ledger.js";

const skip = redisSkipReason();
const SMALL = { research: { requests: 3, records: 10 }, followers: { requests: 5, records: 100 } };

/** A manual clock on today's real date, so expiries computed from it are in the server's future. */
function clockToday(hourUtc = 10): ManualClock {
  const midnight = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  return new ManualClock(midnight + hourUtc * 3_600_000);
}

describe.skipIf(skip)(`RedisQuotaLedger${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();
  const ledger = (options: ConstructorParameters<typeof RedisQuotaLedger>[1] = {}) =>
    new RedisQuotaLedger(redis.client, { prefix: uniquePrefix("quota"), pools: SMALL, ...options });

  it("reserves until the limit, then throws QuotaExhaustedError resuming at the next 00:00 UTC", async () => {
    const clock = clockToday(15);
    const quota = ledger({ clock });
    for (let i = 0; i < 3; i++) await quota.reserve("app", "research");
    const error = await quota.reserve("app", "research").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    const spent = error as QuotaExhaustedError;
    expect(spent.resumeAt).toBe(new Date(nextUtcMidnight(clock.now())).toISOString());
    expect(spent.pool).toBe("research");
    expect(spent.failureType).toBe("quota");
    expect(spent.message).toContain("3/3 requests");
    expect(await quota.state("app", "research")).toMatchObject({
      requestsUsed: 3,
      requestsLimit: 3,
      exhausted: true,
      resetsAt: nextUtcMidnight(clock.now()),
    });
  });

  it("keeps each credential and pool apart, under the configured prefix", async () => {
    const prefix = uniquePrefix("layout");
    const quota = new RedisQuotaLedger(redis.client, { prefix, pools: SMALL });
    await quota.reserve("a", "research");
    await quota.reserve("a", "followers", 2);
    await quota.reserve("b", "research");
    expect(await redis.client.hget(`${prefix}credential:quota:a:daily`, "requests")).toBe("1");
    expect(await redis.client.hget(`${prefix}credential:quota:a:followers:daily`, "requests")).toBe("2");
    expect(await redis.client.hget(`${prefix}credential:quota:b:daily`, "requests")).toBe("1");
    expect((await quota.state("a", "followers")).requestsUsed).toBe(2);
  });

  it("expires the quota key at the next 00:00 UTC of the injected clock", async () => {
    const prefix = uniquePrefix("expiry");
    const clock = clockToday(23);
    const quota = new RedisQuotaLedger(redis.client, { prefix, clock, pools: SMALL });
    await quota.reserve("app", "research");
    await quota.reserve("app", "followers");
    const midnight = nextUtcMidnight(clock.now());
    expect(await redis.client.pexpiretime(`${prefix}credential:quota:app:daily`)).toBe(midnight);
    expect(await redis.client.pexpiretime(`${prefix}credential:quota:app:followers:daily`)).toBe(midnight);
    expect(await redis.client.expiretime(`${prefix}credential:quota:app:daily`)).toBe(midnight / 1000);
    const before = Date.now();
    const pttl = await redis.client.pttl(`${prefix}credential:quota:app:daily`);
    expect(pttl).toBeGreaterThan(0);
    expect(Math.abs(pttl - (midnight - before))).toBeLessThan(1_000);
  });

  it("still counts (and keeps the key for the rest of its day) when the injected clock is behind the server", async () => {
    const prefix = uniquePrefix("old-clock");
    const clock = new ManualClock("2026-01-01T22:00:00Z"); // arena-core's default test clock, in the past
    const quota = new RedisQuotaLedger(redis.client, { prefix, clock, pools: SMALL });
    await quota.reserve("app", "research");
    await quota.reserve("app", "research");
    expect((await quota.state("app", "research")).requestsUsed).toBe(2);
    const pttl = await redis.client.pttl(`${prefix}credential:quota:app:daily`);
    expect(pttl).toBeGreaterThan(7_000_000);
    expect(pttl).toBeLessThanOrEqual(2 * 3_600_000);
  });

  it("starts a fresh count when the clock passes midnight, and never goes back to an older day", async () => {
    const clock = clockToday(23);
    const quota = ledger({ clock });
    for (let i = 0; i < 3; i++) await quota.reserve("app", "research");
    await expect(quota.reserve("app", "research")).rejects.toBeInstanceOf(QuotaExhaustedError);

    const lagging = new ManualClock(clock.now());
    const laggingLedger = new RedisQuotaLedger(redis.client, {
      prefix: quota.keys.prefix,
      clock: lagging,
      pools: SMALL,
    });
    clock.advance(2 * 3_600_000);
    const first = await quota.reserve("app", "research");
    expect(first.day).toBe(new Date(clock.now()).toISOString().slice(0, 10));
    expect((await quota.state("app", "research")).requestsUsed).toBe(1);

    // A process whose clock is still on yesterday counts on the newer day, never resets it.
    const late = await laggingLedger.reserve("app", "research");
    expect(late.day).toBe(first.day);
    expect((await quota.state("app", "research")).requestsUsed).toBe(2);
  });

  it("gives back a released reservation once, and not after the day has turned", async () => {
    const clock = clockToday(12);
    const quota = ledger({ clock });
    const a = await quota.reserve("app", "research");
    const b = await quota.reserve("app", "research", 2);
    await quota.release(b);
    await quota.release(b);
    expect((await quota.state("app", "research")).requestsUsed).toBe(1);
    clock.advance(DAY_MS);
    await quota.reserve("app", "research");
    await quota.release(a); // yesterday's
    expect((await quota.state("app", "research")).requestsUsed).toBe(1);
  });

  it("counts a reservation once when the same id is reserved again (a retry after a lost reply)", async () => {
    const quota = ledger();
    const first = await quota.reserve("app", "research", 1, { id: "req-42" });
    const again = await quota.reserve("app", "research", 1, { id: "req-42" });
    expect(again).toEqual(first);
    expect((await quota.state("app", "research")).requestsUsed).toBe(1);
  });

  it("counts records, and stops reserving once the day's records are spent", async () => {
    const quota = ledger();
    const r = await quota.reserve("app", "research");
    await quota.addRecords(r, 6);
    await quota.addRecords(r, 0);
    expect((await quota.state("app", "research")).recordsUsed).toBe(6);
    const r2 = await quota.reserve("app", "research");
    await quota.addRecords(r2, 4);
    const state = await quota.state("app", "research");
    expect(state).toMatchObject({ recordsUsed: 10, requestsUsed: 2, exhausted: true });
    const error = await quota.reserve("app", "research").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExhaustedError);
    expect((error as Error).message).toContain("10/10 records");
  });

  it("markExhausted spends the pool until the next reset whatever the counters say", async () => {
    const clock = clockToday(8);
    const quota = ledger({ clock });
    await quota.reserve("app", "research");
    await quota.markExhausted("app", "research");
    expect(await quota.state("app", "research")).toMatchObject({ requestsUsed: 1, exhausted: true });
    await expect(quota.reserve("app", "research")).rejects.toThrow(/platform said the quota is spent/);
    await expect(quota.reserve("app", "followers")).resolves.toMatchObject({ pool: "followers" });
    clock.advance(DAY_MS);
    await expect(quota.reserve("app", "research")).resolves.toMatchObject({ requests: 1 });
  });

  it("rejects unknown pools and invalid amounts with a ConfigError", async () => {
    const quota = ledger();
    await expect(quota.reserve("app", "comments")).rejects.toBeInstanceOf(ConfigError);
    await expect(quota.reserve("app", "research", 0)).rejects.toBeInstanceOf(ConfigError);
    await expect(quota.state("app", "comments")).rejects.toThrow(/known pools: research, followers/);
  });

  it("uses arena-core's default limits and reports like MemoryQuotaLedger", async () => {
    const clock = clockToday(9);
    const quota = new RedisQuotaLedger(redis.client, { prefix: uniquePrefix("defaults"), clock });
    const memory = new MemoryQuotaLedger({ clock });
    for (const l of [quota, memory]) {
      const r = await l.reserve("app", "research", 5);
      await l.addRecords(r, 400);
      await l.reserve("app", "followers");
    }
    for (const pool of ["research", "followers"]) {
      expect(await quota.state("app", pool)).toEqual(await memory.state("app", pool));
    }
  });
});
