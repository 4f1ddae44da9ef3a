import {
  type Clock,
  createDefaultLanguageDetector,
  type Logger,
  realSleep,
  type Sleep,
  systemClock,
} from "@observatory/arena-core";
import { createTikTokCollector } from "@observatory/arena-tiktok";
import {
  InProcessExecutor,
  type JobDeps,
  type PostgresSchedulerStore,
  QueueProducer,
  QueueWorker,
  queueLocation,
} from "@observatory/scheduler";
import { EXIT } from "../exit-codes.js";
import type { ActionContext } from "../program/build-program.js";
import { createCliLogger } from "../runtime/cli-logger.js";
import { startDemoEmulator } from "../runtime/demo-emulator.js";
import { credentialIdOf, readConfig, redactConfiguredSecrets } from "../runtime/open-tiktok.js";
import { StderrLines } from "../runtime/stderr-lines.js";
import { openSchedulerStore, storeLocation } from "./scheduler-store.js";

export interface WorkerFlags {
  db?: string;
  concurrency?: number;
  reservedShare?: number;
  /** Minutes between two plannings (default 10). */
  tickMinutes?: number;
  dotenv?: string;
  stateDir?: string;
  verbose?: boolean;
}

/**
 * What the worker runs on, injected: the system's by default; a rehearsal gives a simulated clock
 * (the store, the quota day, the API client's back-off and the wait between plannings follow it).
 */
export interface WorkerPorts {
  clock?: Clock;
  /** The API client's back-off between retries. */
  sleep?: Sleep;
  /** Waits `ms` between two plannings (or until `signal` stops the worker). */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Stops the worker as SIGTERM does. */
  signal?: AbortSignal;
  /** An open store to run on (kept open): otherwise `--db` / DATABASE_URL is opened and closed. */
  store?: PostgresSchedulerStore;
}

/** The job dependencies of a real study: the store's quota ledger and token cache, the configured API. */
async function jobDeps(
  ctx: ActionContext,
  flags: WorkerFlags,
  store: PostgresSchedulerStore,
  lines: StderrLines,
  ports: { clock: Clock; sleep: Sleep },
) {
  const config = readConfig(ctx.io, flags);
  redactConfiguredSecrets(lines, config);
  const logger: Logger = createCliLogger(lines, flags.verbose ? "debug" : "warn");
  const demo = config.mode === "demo" ? await startDemoEmulator(lines) : undefined;
  const credentials = config.credentials ?? demo!.credentials;
  const baseUrl = config.baseUrl ?? demo?.url;
  const credentialId = credentialIdOf(credentials.clientKey);
  const dailyRequests = config.dailyRequests ?? 1_000;
  const { clock } = ports;
  const tokenCache = store.records.tokenCache();
  // One language detector for every job (loading its tables per job would be most of a job's cost).
  const languageDetector = await createDefaultLanguageDetector();
  const deps: JobDeps = {
    store,
    clock,
    quota: store.records.quotaLedger({
      clock,
      pools: { research: { requests: dailyRequests, records: dailyRequests * 100 } },
    }),
    shares: { dailyRequests, reservedShare: flags.reservedShare ?? 0.2 },
    logger,
    collector: ({ quota, checkpoints }) =>
      createTikTokCollector({
        credentials: { ...credentials, id: credentialId },
        pseudonymSalt: config.pseudonymSalt,
        ...(baseUrl ? { baseUrl } : {}),
        quota,
        checkpoints,
        tokenCache,
        languageDetector,
        logger,
        // The planner decides when a window is due (its own lag); a job must collect the window it is given.
        ingestionLagDays: 0,
        clock,
        sleep: ports.sleep,
      }),
  };
  return { deps, close: async () => demo?.close() };
}

/**
 * `observatory worker`: runs the study's schedules, refresh and compliance checks until SIGTERM. With a
 * postgres:// store the jobs go through BullMQ (in that database, or Redis with REDIS_URL) and any
 * number of workers on any number of machines share them; with an embedded store it runs the
 * in-process executor and says so.
 */
export function workerAction(ctx: ActionContext, flags: WorkerFlags): Promise<number> {
  return runWorker(ctx, flags);
}

/** Waits `ms`, or less when `signal` fires (at once when it already has: SIGTERM during a job). */
export const realWait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });

/** `observatory worker`'s entry with its ports injected (see `WorkerPorts`). */
export async function runWorker(
  ctx: ActionContext,
  flags: WorkerFlags,
  ports: WorkerPorts = {},
): Promise<number> {
  const lines = new StderrLines(ctx.io.stderr);
  const clock = ports.clock ?? systemClock;
  const store = ports.store ?? (await openSchedulerStore(ctx.io, flags));
  const { deps, close } = await jobDeps(ctx, flags, store, lines, {
    clock,
    sleep: ports.sleep ?? realSleep,
  });
  const stop = new AbortController();
  const onTerm = () => stop.abort();
  process.once("SIGTERM", onTerm);
  ports.signal?.addEventListener("abort", onTerm);
  const unsubscribe = ctx.io.onInterrupt(onTerm);
  const tickMs = (flags.tickMinutes ?? 10) * 60_000;
  const wait = (ms: number) => (ports.wait ?? realWait)(ms, stop.signal);
  try {
    if (store.records.backend === "pglite") {
      lines.line(
        "embedded store: running the in-process executor (one process; use a postgres:// store for several workers)",
      );
      const executor = new InProcessExecutor(deps, {
        onOutcome: (job, outcome) => lines.line(`${job.id}: ${outcome.status}, ${outcome.records} records`),
      });
      while (!stop.signal.aborted) {
        const r = await executor.tick(stop.signal);
        if (r.planned) {
          lines.line(
            `${new Date(clock.now()).toISOString()} ${r.done} job(s) done, ${r.paused} waiting for the quota, ${r.failed.length} failed; ${r.records} records, ${r.deleted} deleted`,
          );
        }
        for (const f of r.failed) lines.line(`  failed ${f.id}: ${f.reason}`);
        const untilResume = r.resumeAt ? Date.parse(r.resumeAt) - clock.now() : tickMs;
        await wait(Math.max(1_000, Math.min(tickMs, untilResume)));
      }
      lines.line("stopped after a checkpoint: run `observatory worker` again to go on");
      return EXIT.ok;
    }
    const { location: databaseUrl } = storeLocation(ctx.io, flags);
    const location = queueLocation({ databaseUrl, redisUrl: ctx.io.env.REDIS_URL });
    lines.line(
      `queue on ${location.kind === "redis" ? "Redis (REDIS_URL)" : "PostgreSQL (the store's database)"}; concurrency ${flags.concurrency ?? 1}`,
    );
    const producer = new QueueProducer(location);
    const worker = new QueueWorker(location, {
      concurrency: flags.concurrency ?? 1,
      deps: () => deps,
      logger: deps.logger as Logger,
      onOutcome: (job, outcome) => lines.line(`${job.id}: ${outcome.status}, ${outcome.records} records`),
    });
    while (!stop.signal.aborted) {
      const { planned, added } = await producer.tick(deps);
      if (added) lines.line(`${new Date(clock.now()).toISOString()} planned ${planned} job(s), ${added} new`);
      await wait(tickMs);
    }
    lines.line("SIGTERM: finishing the current page of each job, then returning the jobs to the queue");
    await worker.stop();
    await producer.close();
    return EXIT.ok;
  } finally {
    process.off("SIGTERM", onTerm);
    ports.signal?.removeEventListener("abort", onTerm);
    unsubscribe();
    await close();
    if (!ports.store) await store.close();
  }
}
