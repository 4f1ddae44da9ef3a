// The emulator in a worker thread, for the latency rows of plans.bench.ts: its CPU (building and
// serialising each page) then runs on another core, as the real API's does on TikTok's servers, so
// the wall time measures the latency and the client's own work only. Started with the options as
// `workerData`; posts `{ url }` once it listens, then `{ requests }` when asked (any message) and
// closes when the message is "close".
import { parentPort, workerData } from "node:worker_threads";
import { startEmulator } from "@observatory/tiktok-emulator";

const { now, faults, ...options } = workerData;
const emulator = await startEmulator({ ...options, clock: { now: () => now } });
emulator.setFaults(faults);
const charged = () => Object.values(emulator.stats().quota).reduce((n, q) => n + q.research.requests, 0);
parentPort.on("message", async (message) => {
  if (message === "close") {
    await emulator.close();
    parentPort.postMessage({ closed: true });
    parentPort.close();
  } else parentPort.postMessage({ requests: charged() });
});
parentPort.postMessage({ url: emulator.url });
