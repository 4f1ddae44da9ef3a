// One ingestion in a fresh process (its RSS is the store's, nothing else's): opens the store named by
// argv[2], stores argv[3] synthetic records (argv[4] a transaction) in runs of a tenth each, samples RSS
// every 250 ms, and prints one JSON line: { rate, peakMb, afterTenthMb, startMb, hwmMb } (hwmMb: the
// kernel's VmHWM, the true peak, which sampling can miss). With 0 records it only opens (or creates)
// the store; argv[5] is openStore's `initdbIn` for a new PGlite store ("child-process", the default).
import { readFileSync } from "node:fs";
import { openStore } from "@observatory/store-postgres";
import { ingest } from "./synthetic-records.mjs";

const [location, countText, batchText, initdbIn] = process.argv.slice(2);
const count = Number(countText);
const batch = Number(batchText ?? 1_000);
const from = 0;
const rss = () => process.memoryUsage().rss / 2 ** 20;
const startMb = rss();
const store = await openStore(location, initdbIn ? { initdbIn } : {});
let peak = rss();
const timer = setInterval(() => {
  peak = Math.max(peak, rss());
}, 250);
const tenth = Math.max(batch, Math.round(count / 10 / batch) * batch);
const started = performance.now();
let afterTenthMb = 0;
for (let done = 0; done < count; done += tenth) {
  await ingest(store, `bench-${from + done}`, from + done, Math.min(tenth, count - done), batch);
  peak = Math.max(peak, rss());
  if (done === 0) afterTenthMb = peak;
}
const rate = count ? count / ((performance.now() - started) / 1000) : 0;
clearInterval(timer);
peak = Math.max(peak, rss());
await store.close();
const hwmMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) / 1024;
process.stdout.write(`${JSON.stringify({ rate, peakMb: peak, afterTenthMb, startMb, hwmMb })}\n`);
