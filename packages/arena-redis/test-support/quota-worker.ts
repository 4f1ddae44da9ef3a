import { QuotaExhaustedError } from "@observatory/arena-core";
import { createRedisPorts } from "../src/index.js";
import { serveRounds, workerArgs } from "./workers.js";

/** Each round fires `attempts` concurrent reservations against the shared ledger and reports how many were granted. */
const args = workerArgs<{ url: string; prefix: string }>();
const ports = createRedisPorts(args.url, { prefix: args.prefix });
await ports.quota.state("warm-up", "research"); // connected before the first round
try {
  await serveRounds<{ credential: string; attempts: number }>(async ({ credential, attempts }) => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: attempts }, () => ports.quota.reserve(credential, "research")),
    );
    let granted = 0;
    let exhausted = 0;
    const other: string[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") granted += 1;
      else if (outcome.reason instanceof QuotaExhaustedError) exhausted += 1;
      else other.push(String(outcome.reason));
    }
    return { granted, exhausted, other };
  });
} finally {
  await ports.close();
}
