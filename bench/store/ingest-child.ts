// One ingestion in a fresh process (its RSS is the store's, nothing else's): opens the store named by
// argv[2], stores argv[3] synthetic records from argv[4] in runs of a tenth each, samples RSS every
// 250 ms, and prints one JSON line: { rate, peakMb, afterTenthMb, startMb }.
import { openStore } from "@observatory/store-postgres";
import { ingest } from "./synthetic-records.js";

const [location, countText, fromText] = process.argv.slice(2);
const count = Number(countText);
const from = Number(fromText ?? 0);
const rss = () => process.memoryUsage().rss / 2 ** 20;
const startMb = rss();
const store = await openStore(location!);
let peak = rss();
const timer = setInterval(() => {
  peak = Math.max(peak, rss());
}, 250);
const tenth = Math.max(1_000, Math.round(count / 10 / 1_000) * 1_000);
const started = performance.now();
let afterTenthMb = 0;
for (let done = 0; done < count; done += tenth) {
  await ingest(store, `bench-${from + done}`, from + done, Math.min(tenth, count - done));
  peak = Math.max(peak, rss());
  if (done === 0) afterTenthMb = peak;
}
const rate = count / ((performance.now() - started) / 1000);
clearInterval(timer);
peak = Math.max(peak, rss());
await store.close();
process.stdout.write(`${JSON.stringify({ rate, peakMb: peak, afterTenthMb, startMb })}\n`);
