// Runs one collection over [argv[2], argv[3]] (epoch ms) with a fake API that aborts after three
// requests, in a process with a small heap; prints the outcome as JSON. Used by the bad-input suite
// to show that an absurd date range fails cleanly instead of exhausting memory.
import { isArenaError } from "@observatory/arena-core";
import { createTikTokCollector } from "@observatory/arena-tiktok";

const [since, until] = process.argv.slice(2).map((ms) => new Date(Number(ms)));
const controller = new AbortController();
let calls = 0;
const json = (body) =>
  new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
const collector = createTikTokCollector({
  credentials: { clientKey: "date-range-key", clientSecret: "date-range-secret-value" },
  pseudonymSalt: "date-range-salt-0123456789",
  baseUrl: "http://127.0.0.1:9",
  sleep: async () => undefined,
  fetch: async (input) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.includes("/oauth/token/")) return json({ access_token: "clt.x", expires_in: 7200 });
    if (++calls >= 3) controller.abort();
    return json({ data: { videos: [], cursor: 0, has_more: false, search_id: "1" }, error: { code: "ok" } });
  },
});
const started = Date.now();
let outcome = "completed";
try {
  for await (const _ of collector.collectByTerms(
    { terms: ["klima"], since, until },
    { signal: controller.signal },
  )) {
    // nothing: the fake API has no videos
  }
} catch (error) {
  outcome = isArenaError(error) ? error.name : `untyped ${error?.name}: ${error?.message}`;
}
console.log(JSON.stringify({ outcome, ms: Date.now() - started, rssMb: process.memoryUsage().rss >> 20 }));
