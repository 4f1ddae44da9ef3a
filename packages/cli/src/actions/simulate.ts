import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  inProcessStudyExecutor,
  PostgresSchedulerStore,
  QueueProducer,
  queueLocation,
  queueRunDay,
  simulateStudy,
  WorkerProcesses,
} from "@observatory/scheduler";
import { openStore } from "@observatory/store-postgres";
import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { UsageError } from "../usage-error.js";

export interface SimulateFlags {
  db?: string;
  days?: number;
  workers?: number;
  kill?: number;
  dailyRequests?: number;
  json?: boolean;
}

/**
 * `observatory simulate --days 60 [--db <dir|postgres-url>]`: a whole study on the emulator's living
 * corpus with a simulated clock, through the real store (and with a postgres:// store the real queue
 * and worker processes, `--kill N` of them SIGKILLed at random moments). Exit 0 only when every
 * guarantee held.
 */
export async function simulateAction(ctx: ActionContext, flags: SimulateFlags): Promise<number> {
  const lines = new StderrLines(ctx.io.stderr);
  const days = flags.days ?? 60;
  const db = flags.db ?? ctx.io.env.DATABASE_URL;
  const temp = db ? undefined : mkdtempSync(join(tmpdir(), "observatory-simulate-"));
  const location = db ?? (temp as string);
  const server = /^postgres(ql)?:\/\//.test(location);
  if ((flags.kill ?? 0) > 0 && !server) {
    throw new UsageError(
      "--kill needs worker processes: give a postgres:// --db (the embedded store runs in-process)",
      "--kill",
    );
  }
  let store: PostgresSchedulerStore | undefined;
  try {
    const report = await simulateStudy({
      days,
      ...(flags.dailyRequests ? { dailyRequests: flags.dailyRequests } : {}),
      store: async (clock) => {
        store = await PostgresSchedulerStore.open(await openStore(location, { cwd: ctx.io.cwd, clock }), {
          clock,
        });
        const existing = await store.listSchedules();
        if (existing.length) {
          throw new UsageError(
            `--db ${store.records.location} already holds schedules: simulate on an empty database`,
            "--db",
          );
        }
        return store;
      },
      executor: async (world) => {
        if (!server) {
          lines.line(`embedded store (${location}): in-process executor`);
          return inProcessStudyExecutor({
            quota: (clock, requests) =>
              (store as PostgresSchedulerStore).records.quotaLedger({
                clock,
                pools: { research: { requests, records: requests * 100 } },
              }),
          })(world);
        }
        const queue = queueLocation({ databaseUrl: location, redisUrl: ctx.io.env.REDIS_URL });
        const producer = new QueueProducer(queue);
        const workers = new WorkerProcesses({
          location: queue,
          dbUrl: location,
          emulatorUrl: world.emulator.url,
          dailyRequests: world.dailyRequests,
        });
        const n = flags.workers ?? 3;
        await Promise.all(Array.from({ length: n }, () => workers.start()));
        lines.line(`queue on ${queue.kind}; ${n} worker processes`);
        const killDays = new Set(
          Array.from({ length: flags.kill ?? 0 }, (_, i) =>
            Math.floor(((i + 1) * days) / ((flags.kill ?? 0) + 1)),
          ),
        );
        return {
          runDay: queueRunDay(producer, world.store as PostgresSchedulerStore, {
            during: async (day) => {
              if (!killDays.has(day)) return;
              await new Promise((r) => setTimeout(r, 100 + Math.random() * 900));
              await workers.killOne(Math.floor(Math.random() * n));
              lines.line(`day ${day}: killed a worker (SIGKILL); its jobs are taken over`);
            },
          }),
          close: async () => {
            await workers.stopAll();
            await producer.close();
          },
        };
      },
      onDay: (d) =>
        lines.line(
          `${d.day}: ${d.requests}/${d.limit} requests (${Object.entries(d.spend)
            .filter(([k]) => !k.includes(":"))
            .map(([k, v]) => `${k} ${v}`)
            .join(
              ", ",
            )}); ${d.jobs.done} jobs done, ${d.jobs.paused} waiting for the quota, ${d.jobs.failed.length} failed`,
        ),
    });
    const text = flags.json
      ? `${JSON.stringify(report, null, 2)}\n`
      : `${[
          `Simulated study: ${days} days, ${report.videos} videos held, ${report.deletions} deletions logged`,
          `Quota spent: ${Object.entries(report.spend)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")} requests`,
          ...report.guarantees.map((g) => `${g.held ? "held  " : "BROKEN"} ${g.name}: ${g.detail}`),
        ].join("\n")}\n`;
    await writeAll(ctx.io.stdout, text);
    return report.held ? EXIT.ok : EXIT.failure;
  } finally {
    await store?.close().catch(() => undefined);
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}
