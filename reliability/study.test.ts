/**
 * A simulated study through the real queue, workers and store (issue 18's acceptance): 3 schedules on
 * the emulator's living corpus (videos arrive late, some are deleted or made private), worker processes
 * SIGKILLed at random moments (and one SIGTERMed), on BullMQ's PostgreSQL backend (the queue in the store's database) and
 * on its Redis backend. Every guarantee must hold; the figures go to reliability/results.json.
 * Replay a failure with RELIABILITY_SEED=<the seed it printed>.
 */

import { startRedisServer } from "@observatory/arena-redis/testing";
import {
  PostgresSchedulerStore,
  type QueueLocation,
  QueueProducer,
  queueRunDay,
  simulateStudy,
  WorkerProcesses,
} from "@observatory/scheduler";
import { openStore } from "@observatory/store-postgres";
import {
  type PostgresServer,
  postgresSkipReason,
  startPostgresServer,
} from "@observatory/store-postgres/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom, suiteSeed } from "./support/random.js";
import { type ResultRow, recordSection } from "./support/results.js";

const DAYS = 60;
const KILLS = 3;
let pg: PostgresServer | undefined;
let redis: { url: string; stop(): Promise<void> } | undefined;

beforeAll(async () => {
  const skip = postgresSkipReason();
  if (skip && process.env.CI !== "true") return;
  pg = await startPostgresServer();
  redis = await startRedisServer();
}, 120_000);
afterAll(async () => {
  await pg?.stop();
  await redis?.stop();
});

async function study(location: QueueLocation, database: string, seed: number) {
  const random = seededRandom(seed);
  let store: PostgresSchedulerStore | undefined;
  let workers: WorkerProcesses | undefined;
  const started = Date.now();
  const killDays = new Set(
    Array.from({ length: KILLS }, (_, i) => 2 + Math.floor(((i + 1) * (DAYS - 4)) / (KILLS + 1))),
  );
  // One graceful stop too (SIGTERM: the page in flight is finished and checkpointed, the job goes back).
  const termDay = 5;
  const report = await simulateStudy({
    days: DAYS,
    dailyRequests: 200,
    store: async (clock) => {
      store = await PostgresSchedulerStore.open(await openStore(database, { clock }), { clock });
      return store;
    },
    executor: async ({ emulator, dailyRequests, store: s }) => {
      const producer = new QueueProducer(location);
      const w = new WorkerProcesses({ location, dbUrl: database, emulatorUrl: emulator.url, dailyRequests });
      workers = w;
      await Promise.all([w.start(), w.start(), w.start()]);
      return {
        runDay: queueRunDay(producer, s as PostgresSchedulerStore, {
          during: async (day) => {
            if (day === termDay) {
              await new Promise((r) => setTimeout(r, 100 + random() * 400));
              await w.terminateOne(Math.floor(random() * 3));
            }
            if (!killDays.has(day)) return;
            await new Promise((r) => setTimeout(r, 100 + random() * 900));
            await w.killOne(Math.floor(random() * 3));
          },
        }),
        close: async () => {
          await w.stopAll();
          await producer.close();
        },
      };
    },
  });
  await store?.close();
  return {
    report,
    kills: workers?.kills ?? 0,
    terms: workers?.terms ?? 0,
    seconds: (Date.now() - started) / 1000,
  };
}

describe("a simulated study through BullMQ, worker processes killed at random", () => {
  const rows: ResultRow[] = [];
  afterAll(() => {
    if (rows.length) {
      recordSection({
        section: "study-queue",
        summary: `${DAYS} simulated days, 3 schedules, 3 worker processes, ${KILLS} SIGKILLed at random moments and 1 SIGTERMed, per backend: every guarantee of issue 18`,
        rows,
      });
    }
  });

  for (const backend of ["postgres", "redis"] as const) {
    it(`${backend} backend: every guarantee holds`, async () => {
      if (!pg || !redis) throw new Error(`no postgres/redis here: ${postgresSkipReason()}`);
      const seed = suiteSeed();
      // Each backend's study in a database of its own.
      const database = await pg.createDatabase(`study_${backend}`);
      const location: QueueLocation =
        backend === "postgres" ? { kind: "postgres", url: database } : { kind: "redis", url: redis.url };
      const { report, kills, terms, seconds } = await study(location, database, seed);
      for (const g of report.guarantees) {
        rows.push({ backend, guarantee: g.name, held: g.held, detail: g.detail });
      }
      rows.push({
        backend,
        guarantee: "quota spent by use (requests over the study)",
        held: true,
        detail: `${Object.entries(report.spend)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}; ${kills} workers killed, ${terms} stopped by SIGTERM; ${seconds.toFixed(0)} s`,
      });
      expect(kills, `seed ${seed}`).toBe(KILLS);
      expect(terms, `seed ${seed}`).toBe(1);
      expect(
        report.guarantees.filter((g) => !g.held),
        `seed ${seed}`,
      ).toEqual([]);
      expect(
        report.days.every((d) => d.jobs.failed.length === 0),
        `seed ${seed}`,
      ).toBe(true);
    }, 900_000);
  }
});
