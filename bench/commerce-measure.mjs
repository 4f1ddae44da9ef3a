// The ad library, TikTok Shop and batch compliance through the library against the emulator (issue 19).
// Needs the built packages: pnpm turbo run build --filter=@observatory/arena-tiktok... ; then node bench/commerce-measure.mjs

import { createTikTokCollector, planRefreshRequests } from "../packages/arena-tiktok/dist/index.js";
import { commerceOf, DEMO_CLIENT, startEmulator } from "../packages/tiktok-emulator/dist/index.js";

const e = await startEmulator({ port: 0, seed: 42 });
const c = createTikTokCollector({
  credentials: DEMO_CLIENT,
  pseudonymSalt: "measure-salt-0123456789",
  baseUrl: e.url,
  dailyRequests: 100000,
});
const time = async (label, f) => {
  const t = performance.now();
  const n = await f();
  const ms = performance.now() - t;
  console.log(
    `${label}: ${n} records, ${c.stats.requests} requests so far, ${ms.toFixed(0)} ms, ${((n / ms) * 1000).toFixed(0)} records/s`,
  );
};
const drain = async (s) => {
  let n = 0;
  for await (const _ of s) n++;
  return n;
};
await time("ads 2022-10-01..2026-12-31", () => drain(c.ads({ since: "2022-10-01", until: "2026-12-31" })));
const shops = commerceOf(e.corpus).shops.map((s) => s.id);
await time("products of 30 shops", () => drain(c.shopProducts(shops)));
const products = [...commerceOf(e.corpus).productsById.keys()].slice(0, 100);
await time("reviews of 100 products", () => drain(c.productReviews(products)));
const ids = e.corpus.videos.slice(0, 10000).map((v) => v.id);
const t = performance.now();
await c.createComplianceTask(ids, "video");
console.log(`compliance task of 10,000 IDs: ${(performance.now() - t).toFixed(0)} ms`);
// refresh --dry-run: the engagement refresh's requests for every video of the corpus, planned without sending.
const corpusIds = e.corpus.videos.map((v) => v.id);
const p0 = performance.now();
const planned = planRefreshRequests(corpusIds);
const days = new Set(e.corpus.videos.map((v) => v.createDate)).size;
console.log(
  `refresh plan of ${corpusIds.length} IDs over ${days} days: ${planned.length} requests (floor ${Math.ceil(corpusIds.length / 100)}), ${(performance.now() - p0).toFixed(0)} ms`,
);
await e.close();
