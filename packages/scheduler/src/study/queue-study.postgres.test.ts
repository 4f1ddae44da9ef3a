import { openStore } from "@observatory/store-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueueProducer } from "../executor/bullmq-executor.js";
import type { QueueLocation } from "../executor/queue-connection.js";
import { PostgresSchedulerStore } from "../store/postgres-scheduler-store.js";
import { type RunningServer, startPostgres, startRedis } from "../test-support/servers.js";
import { queueRunDay } from "./queue-study.js";
import { simulateStudy } from "./simulate-study.js";
import { WorkerProcesses } from "./worker-processes.js";

let pg: RunningServer;
let redis: RunningServer;
beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
});
afterAll(async () => {
  await Promise.all([pg?.stop(), redis?.stop()]);
});

/** A small seeded generator: the kill moments differ per run of the seed, not per machine. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

async function study(location: QueueLocation, database: string) {
  const random = lcg(location.kind === "redis" ? 7 : 3);
  let store: PostgresSchedulerStore | undefined;
  let workers: WorkerProcesses | undefined;
  let producer: QueueProducer | undefined;
  const report = await simulateStudy({
    days: 10,
    dailyRequests: 200,
    store: async (clock) => {
      store = await PostgresSchedulerStore.open(await openStore(database, { clock }), { clock });
      return store;
    },
    executor: async ({ emulator, dailyRequests, store: s }) => {
      const st = s as PostgresSchedulerStore;
      producer = new QueueProducer(location);
      const w = new WorkerProcesses({ location, dbUrl: database, emulatorUrl: emulator.url, dailyRequests });
      workers = w;
      await Promise.all([w.start(), w.start(), w.start()]);
      return {
        runDay: queueRunDay(producer, st, {
          // Killed at random moments of busy days (jobs in flight), and one graceful SIGTERM.
          during: async (day) => {
            if (day === 3 || day === 6 || day === 9) {
              await new Promise((r) => setTimeout(r, 100 + random() * 900));
              await w.killOne(Math.floor(random() * 3));
            }
            if (day === 5) {
              await new Promise((r) => setTimeout(r, 100 + random() * 400));
              await w.terminateOne(Math.floor(random() * 3));
            }
          },
        }),
        close: async () => {
          await w.stopAll();
          await producer?.close();
        },
      };
    },
    onDay: (d) =>
      console.log(
        location.kind,
        d.day,
        d.requests,
        JSON.stringify(d.spend),
        d.jobs.done,
        d.jobs.paused,
        d.jobs.failed.length,
      ),
  });
  await store?.close();
  for (const g of report.guarantees)
    console.log(location.kind, g.held ? "ok  " : "FAIL", g.name, "—", g.detail);
  return { report, kills: workers?.kills ?? 0, terms: workers?.terms ?? 0 };
}

describe("a simulated study through BullMQ with worker processes killed at random moments", () => {
  it("PostgreSQL backend (the queue in the store's database): every guarantee holds", async () => {
    const { report, kills, terms } = await study({ kind: "postgres", url: pg.url }, pg.url);
    expect(kills).toBe(3);
    expect(terms).toBe(1);
    expect(report.guarantees.filter((g) => !g.held)).toEqual([]);
    expect(report.days.every((d) => d.jobs.failed.length === 0)).toBe(true);
  }, 600_000);

  it("Redis backend (REDIS_URL) with the store on PostgreSQL: every guarantee holds", async () => {
    const db = pg.url.replace(/\/postgres$/, "/template1");
    const { report, kills } = await study({ kind: "redis", url: redis.url }, db);
    expect(kills).toBe(3);
    expect(report.guarantees.filter((g) => !g.held)).toEqual([]);
    expect(report.days.every((d) => d.jobs.failed.length === 0)).toBe(true);
  }, 600_000);
});
