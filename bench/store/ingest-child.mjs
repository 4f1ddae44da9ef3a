// One ingestion in a fresh process (its RSS is the store's, nothing else's): opens the store named by
// argv[2], stores argv[3] synthetic records (argv[4] a transaction) in runs of a tenth each, samples RSS
// every 250 ms, and prints one JSON line: { rate, peakMb, afterTenthMb, startMb }. With 0 records it
// only creates the store (PGlite's initdb, whose WebAssembly memory stays with the process that ran it).
import { openStore } from "@observatory/store-postgres";
import { ingest } from "./synthetic-records.mjs";

const [location, countText, batchText] = process.argv.slice(2);
const count = Number(countText);
const batch = Number(batchText ?? 1_000);
const from = 0;
const rss = () => process.memoryUsage().rss / 2 ** 20;
const startMb = rss();
const store = await openStore(location);
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
process.stdout.write(`${JSON.stringify({ rate, peakMb: peak, afterTenthMb, startMb })}\n`);
