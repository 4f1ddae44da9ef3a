/**
 * A worker process of a simulated study: `node study-worker-main.js` with STUDY_QUEUE (the queue's
 * location as JSON), STUDY_DB (the store's postgres:// URL), STUDY_EMULATOR (the API's URL) and
 * STUDY_DAILY_REQUESTS. SIGTERM stops it gracefully; a test SIGKILLs it to show stalled-job recovery.
 */
import { openStore } from "@observatory/store-postgres";
import type { QueueLocation } from "../executor/queue-connection.js";
import { PostgresSchedulerStore } from "../store/postgres-scheduler-store.js";
import { startStudyWorker } from "./queue-study.js";

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

// No top-level await: the package is built as ESM and CommonJS.
async function main(): Promise<void> {
  const location = JSON.parse(env("STUDY_QUEUE")) as QueueLocation;
  const store = await PostgresSchedulerStore.open(await openStore(env("STUDY_DB"), { poolSize: 3 }));
  const worker = await startStudyWorker({
    location,
    store,
    emulatorUrl: env("STUDY_EMULATOR"),
    dailyRequests: Number(env("STUDY_DAILY_REQUESTS")),
    concurrency: Number(process.env.STUDY_CONCURRENCY ?? 2),
  });
  process.stdout.write("ready\n");
  process.once("SIGTERM", () => {
    void worker
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
