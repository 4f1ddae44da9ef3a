import { DAY_MS, ManualClock, QuotaExhaustedError, utcDay } from "@observatory/arena-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../../test-support/redis-fixture.js";
import { redisSkipReason } from "../testing/index.js";
import { RedisQuotaLedger, type RedisQuotaReservation } from "./redis-quota-ledger.js";

const skip = redisSkipReason();
const POOLS = { research: { requests: 6, records: 5 }, followers: { requests: 6, records: 20 } };
const CREDENTIALS = ["a", "b"] as const;
const POOL_NAMES = ["research", "followers"] as const;

type Op =
  | { t: "reserve"; cred: number; pool: number; n: number }
  | { t: "retry"; pick: number }
  | { t: "release"; pick: number }
  | { t: "records"; pick: number; k: number }
  | { t: "exhaust"; cred: number; pool: number }
  | { t: "advance"; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant("reserve" as const),
      cred: fc.nat(1),
      pool: fc.nat(1),
      n: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("retry" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("release" as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("records" as const),
      pick: fc.nat(),
      k: fc.integer({ min: 0, max: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant("exhaust" as const), cred: fc.nat(1), pool: fc.nat(1) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant("advance" as const),
      ms: fc.constantFrom(3_600_000, 12 * 3_600_000, DAY_MS),
    }),
  },
);

interface Counter {
  day: string;
  requests: number;
  records: number;
  exhausted: boolean;
}

/** The ledger's contract in a few lines: one counter per credential × pool and day. */
class Model {
  readonly #counters = new Map<string, Counter>();
  readonly released = new Set<string>();
  constructor(readonly clock: ManualClock) {}

  counter(cred: string, pool: string): Counter {
    const today = utcDay(this.clock.now());
    const key = `${cred}/${pool}`;
    let c = this.#counters.get(key);
    if (!c || c.day < today) {
      c = { day: today, requests: 0, records: 0, exhausted: false };
      this.#counters.set(key, c);
    }
    return c;
  }

  reserve(cred: string, pool: "research" | "followers", n: number): boolean {
    const c = this.counter(cred, pool);
    const limits = POOLS[pool];
    if (c.exhausted || c.requests + n > limits.requests || c.records >= limits.records) return false;
    c.requests += n;
    return true;
  }

  release(r: RedisQuotaReservation): void {
    const c = this.counter(r.credential, r.pool);
    if (c.day !== r.day || this.released.has(r.id)) return;
    this.released.add(r.id);
    c.requests = Math.max(0, c.requests - r.requests);
  }

  addRecords(r: RedisQuotaReservation, k: number): void {
    const c = this.counter(r.credential, r.pool);
    if (c.day === r.day && k > 0) c.records += k;
  }

  state(cred: string, pool: "research" | "followers") {
    const c = this.counter(cred, pool);
    const limits = POOLS[pool];
    return {
      day: c.day,
      requestsUsed: c.requests,
      recordsUsed: c.records,
      exhausted: c.exhausted || c.requests >= limits.requests || c.records >= limits.records,
    };
  }
}

/** One of the last three reservations: most operations concern today's. */
function recent(granted: RedisQuotaReservation[], pick: number): RedisQuotaReservation | undefined {
  return granted[granted.length - 1 - (pick % Math.min(3, Math.max(1, granted.length)))];
}

describe.skipIf(skip)(`RedisQuotaLedger property${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();

  it("behaves like the model under random reserve/retry/release/addRecords/markExhausted/day changes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const clock = new ManualClock(Math.floor(Date.now() / DAY_MS) * DAY_MS + 3_600_000);
        const ledger = new RedisQuotaLedger(redis.client, {
          prefix: uniquePrefix("prop"),
          clock,
          pools: POOLS,
        });
        const model = new Model(clock);
        const granted: RedisQuotaReservation[] = [];

        for (const op of ops) {
          switch (op.t) {
            case "reserve": {
              const cred = CREDENTIALS[op.cred]!;
              const pool = POOL_NAMES[op.pool]!;
              const expected = model.reserve(cred, pool, op.n);
              const outcome = await ledger.reserve(cred, pool, op.n).catch((e: unknown) => e);
              if (expected) {
                expect(outcome).not.toBeInstanceOf(Error);
                granted.push(outcome as RedisQuotaReservation);
              } else {
                expect(outcome).toBeInstanceOf(QuotaExhaustedError);
              }
              break;
            }
            case "retry": {
              const r = recent(granted, op.pick);
              // Re-sending a granted reservation (same id) never counts twice: it is still granted on its
              // day, or (on a later day) an ordinary new reservation.
              if (r && r.day === utcDay(clock.now()) && !model.released.has(r.id)) {
                await expect(ledger.reserve(r.credential, r.pool, r.requests, { id: r.id })).resolves.toEqual(
                  r,
                );
              }
              break;
            }
            case "release": {
              const r = recent(granted, op.pick);
              if (r) {
                model.release(r);
                await ledger.release(r);
              }
              break;
            }
            case "records": {
              const r = recent(granted, op.pick);
              if (r) {
                model.addRecords(r, op.k);
                await ledger.addRecords(r, op.k);
              }
              break;
            }
            case "exhaust": {
              const cred = CREDENTIALS[op.cred]!;
              const pool = POOL_NAMES[op.pool]!;
              model.counter(cred, pool).exhausted = true;
              await ledger.markExhausted(cred, pool);
              break;
            }
            case "advance":
              clock.advance(op.ms);
              break;
          }
          for (const cred of CREDENTIALS) {
            for (const pool of POOL_NAMES) {
              expect(await ledger.state(cred, pool)).toMatchObject(model.state(cred, pool));
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
