import type { Checkpoint } from "@observatory/arena-core";
import { ConfigError, DataError, MemoryCheckpointStore } from "@observatory/arena-core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { uniquePrefix, useRedisServer } from "../../test-support/redis-fixture.js";
import { redisSkipReason } from "../testing/index.js";
import { RedisCheckpointStore } from "./redis-checkpoint-store.js";

const skip = redisSkipReason();

const checkpoint = (partial: Partial<Checkpoint> = {}): Checkpoint => ({
  runId: "run-1",
  partition: "terms:2026-09-01..2026-09-08",
  done: false,
  pages: 0,
  records: 0,
  updatedAt: "2026-09-10T00:00:00.000Z",
  ...partial,
});

describe.skipIf(skip)(`RedisCheckpointStore${skip ? ` (skipped: ${skip})` : ""}`, () => {
  const redis = useRedisServer();
  const store = (options: { ttlMs?: number } = {}) =>
    new RedisCheckpointStore(redis.client, { prefix: uniquePrefix("cp"), ...options });

  it("stores one hash per run with a field per partition, lists and deletes a run", async () => {
    const s = store();
    const a = checkpoint({
      cursor: "100",
      searchId: "7234567890123456789",
      pages: 1,
      records: 100,
      data: { window: 1 },
    });
    const b = checkpoint({ partition: "terms:2026-09-08..2026-09-15", done: true, pages: 3, records: 250 });
    await s.put(a);
    await s.put(b);
    await s.put(checkpoint({ runId: "run-2" }));
    expect(await s.get("run-1", a.partition)).toEqual(a);
    expect(await s.get("run-1", "nope")).toBeUndefined();
    expect(await redis.client.hlen(s.keys.checkpoints("run-1"))).toBe(2);
    expect((await s.list("run-1")).sort((x, y) => x.partition.localeCompare(y.partition))).toEqual([a, b]);
    await s.deleteRun("run-1");
    expect(await s.list("run-1")).toEqual([]);
    expect(await s.list("run-2")).toHaveLength(1);
  });

  it("never lets a partition go backwards: fewer pages or not-done after done are ignored", async () => {
    const s = store();
    expect(await s.putIfAhead(checkpoint({ pages: 3, cursor: "300" }))).toBe(true);
    expect(await s.putIfAhead(checkpoint({ pages: 2, cursor: "200" }))).toBe(false);
    expect((await s.get("run-1", checkpoint().partition))?.cursor).toBe("300");
    // Same progress: the newer write wins (e.g. it records givenUp).
    expect(await s.putIfAhead(checkpoint({ pages: 3, cursor: "300", givenUp: "HTTP 500 five times" }))).toBe(
      true,
    );
    expect((await s.get("run-1", checkpoint().partition))?.givenUp).toBe("HTTP 500 five times");
    expect(await s.putIfAhead(checkpoint({ pages: 4, done: true }))).toBe(true);
    expect(await s.putIfAhead(checkpoint({ pages: 9, done: false, cursor: "900" }))).toBe(false);
    expect(await s.get("run-1", checkpoint().partition)).toMatchObject({ done: true, pages: 4 });
  });

  it("keeps the furthest checkpoint whatever the order of concurrent writers (property)", async () => {
    const writes = fc.array(fc.record({ pages: fc.nat(20), done: fc.boolean(), writer: fc.nat(3) }), {
      minLength: 1,
      maxLength: 25,
    });
    const prefix = uniquePrefix("cp-prop");
    const writers = [0, 1, 2, 3].map(() => new RedisCheckpointStore(redis.newClient(), { prefix }));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(writes, async (ws) => {
        const runId = `run-${++run}`;
        await Promise.all(
          ws.map((w, i) =>
            writers[w.writer]!.put(checkpoint({ runId, pages: w.pages, done: w.done, cursor: String(i) })),
          ),
        );
        const best = Math.max(...ws.map((w) => (w.done ? 1_000 : 0) + w.pages));
        const stored = await writers[0]!.get(runId, checkpoint().partition);
        expect((stored!.done ? 1_000 : 0) + stored!.pages).toBe(best);
      }),
      { numRuns: 25 },
    );
  });

  it("concurrent writers of different partitions of one run never lose each other's writes", async () => {
    const s = store();
    const writers = Array.from(
      { length: 6 },
      () => new RedisCheckpointStore(redis.newClient(), { prefix: s.keys.prefix }),
    );
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        writers[i % 6]!.put(checkpoint({ partition: `p${i % 40}`, pages: Math.floor(i / 40) + 1 })),
      ),
    );
    const all = await s.list("run-1");
    expect(all).toHaveLength(40);
    expect(all.every((c) => c.pages === 3)).toBe(true);
  });

  it("behaves like MemoryCheckpointStore for a normal single-writer run", async () => {
    const s = store();
    const memory = new MemoryCheckpointStore();
    const steps = [
      checkpoint({ pages: 1, cursor: "100", searchId: "s1" }),
      checkpoint({ pages: 2, cursor: "200", searchId: "s1" }),
      checkpoint({ partition: "actors:x", pages: 1 }),
      checkpoint({ pages: 3, done: true }),
    ];
    for (const step of steps) {
      await s.put(step);
      await memory.put(step);
    }
    const sort = (cs: Checkpoint[]) => cs.sort((x, y) => x.partition.localeCompare(y.partition));
    expect(sort(await s.list("run-1"))).toEqual(sort(await memory.list("run-1")));
  });

  it("expires a run's checkpoints after ttlMs when configured", async () => {
    const s = store({ ttlMs: 60_000 });
    await s.put(checkpoint());
    const pttl = await redis.client.pttl(s.keys.checkpoints("run-1"));
    expect(pttl).toBeGreaterThan(50_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it("rejects an invalid checkpoint (ConfigError) and reports a corrupt stored one (DataError)", async () => {
    const s = store();
    await expect(s.put({ ...checkpoint(), pages: "3" } as unknown as Checkpoint)).rejects.toBeInstanceOf(
      ConfigError,
    );
    await redis.client.hset(s.keys.checkpoints("run-1"), "broken", "{not json");
    await expect(s.get("run-1", "broken")).rejects.toBeInstanceOf(DataError);
  });
});
