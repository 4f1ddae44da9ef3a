import Bottleneck from "bottleneck";
import { afterEach, describe, expect, it } from "vitest";
import {
  BottleneckRateLimiter,
  createLocalRateLimiter,
  pacingToBottleneck,
  unlimitedRateLimiter,
} from "./bottleneck-limiter.js";

const open: Bottleneck[] = [];
afterEach(async () => {
  for (const b of open.splice(0)) await b.stop({ dropWaitingJobs: true }).catch(() => undefined);
});
function limiter(options: Bottleneck.ConstructorOptions) {
  const bottleneck = new Bottleneck(options);
  open.push(bottleneck);
  return new BottleneckRateLimiter(bottleneck);
}
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("pacingToBottleneck", () => {
  it('turns "40 requests an hour" into a reservoir refreshed every hour', () => {
    expect(pacingToBottleneck({ requests: 40, perMs: 3_600_000 })).toEqual({
      maxConcurrent: null,
      minTime: 0,
      reservoir: 40,
      reservoirRefreshAmount: 40,
      reservoirRefreshInterval: 3_600_000,
    });
    expect(pacingToBottleneck({ minTimeMs: 100, maxConcurrent: 2 })).toEqual({
      maxConcurrent: 2,
      minTime: 100,
    });
  });
});

describe("BottleneckRateLimiter", () => {
  it("lets no more than the reservoir through until it refreshes", async () => {
    const rl = limiter(pacingToBottleneck({ requests: 2, perMs: 60_000 }));
    const started: number[] = [];
    const jobs = [1, 2, 3].map((n) => rl.schedule(async () => started.push(n)));
    jobs[2]!.catch(() => undefined); // dropped when the limiter stops after the test
    await Promise.all(jobs.slice(0, 2));
    await tick(100);
    expect(started).toEqual([1, 2]);
    expect(await rl.bottleneck.currentReservoir()).toBe(0);
  });

  it("returns the task's value and rejects with its error", async () => {
    const rl = limiter({});
    await expect(rl.schedule(async () => 42)).resolves.toBe(42);
    await expect(rl.schedule(async () => Promise.reject(new Error("nope")))).rejects.toThrow("nope");
  });

  it("does not start a task whose signal was aborted while it waited in the queue", async () => {
    const rl = limiter({ maxConcurrent: 1 });
    let release!: () => void;
    const blocking = new Promise<void>((started) => {
      void rl.schedule(
        () =>
          new Promise<void>((done) => {
            release = done;
            started();
          }),
      );
    });
    await blocking;
    const controller = new AbortController();
    let ran = false;
    const waiting = rl.schedule(
      async () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    controller.abort(new Error("stop"));
    release();
    await expect(waiting).rejects.toThrow("stop");
    expect(ran).toBe(false);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const rl = limiter({});
    const controller = new AbortController();
    controller.abort(new Error("already"));
    let ran = false;
    await expect(rl.schedule(async () => (ran = true), { signal: controller.signal })).rejects.toThrow(
      "already",
    );
    expect(ran).toBe(false);
  });

  it("createLocalRateLimiter paces and closes", async () => {
    const rl = createLocalRateLimiter({ minTimeMs: 1 });
    await expect(rl.schedule(async () => "ok")).resolves.toBe("ok");
    await rl.close();
  });
});

describe("unlimitedRateLimiter", () => {
  it("runs tasks directly, but not aborted ones", async () => {
    await expect(unlimitedRateLimiter.schedule(async () => 1)).resolves.toBe(1);
    const controller = new AbortController();
    controller.abort(new Error("aborted"));
    await expect(unlimitedRateLimiter.schedule(async () => 1, { signal: controller.signal })).rejects.toThrow(
      "aborted",
    );
    await unlimitedRateLimiter.close();
  });
});
