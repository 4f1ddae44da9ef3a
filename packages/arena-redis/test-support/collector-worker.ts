// A worker OS process of the collector acceptance tests and the scale-out bench: for every round it
// builds the TikTok collector on Redis ports (createRedisPorts) and runs the round's queries with the
// round's runIds, appending the IDs of every committed page to its own file.
import { appendFileSync } from "node:fs";
import { isArenaError } from "@observatory/arena-core";
import { createTikTokCollector } from "@observatory/arena-tiktok";
import { DEMO_CLIENT } from "@observatory/tiktok-emulator";
import { createRedisPorts } from "../src/index.js";
import { type CollectResult, type CollectRound, CREDENTIAL_ID, PSEUDONYM_SALT } from "./collect-round.js";
import { serveRounds, workerArgs } from "./workers.js";

const { index } = workerArgs<Record<string, never>>();

async function collect(round: CollectRound): Promise<CollectResult | null> {
  if (round.participants && !round.participants.includes(index)) return null;
  const offset = round.clockOffsetMs ?? 0;
  const clock = { now: () => Date.now() + offset };
  const ports = createRedisPorts(round.redisUrl, {
    prefix: round.prefix,
    clock,
    ...(round.pools ? { pools: round.pools } : {}),
    ...(round.unavailableAfterMs ? { unavailableAfterMs: round.unavailableAfterMs } : {}),
    ...(round.commandTimeoutMs ? { commandTimeoutMs: round.commandTimeoutMs } : {}),
  });
  const collector = createTikTokCollector({
    ...ports,
    credentials: { ...DEMO_CLIENT, id: CREDENTIAL_ID },
    baseUrl: round.emulatorUrl,
    pseudonymSalt: PSEUDONYM_SALT,
    clock,
    workerId: `worker-${index}`,
    ...(round.maxCount ? { maxCount: round.maxCount } : {}),
    ...(round.leaseMs ? { leaseMs: round.leaseMs } : {}),
    ...(round.leasePollMs ? { leasePollMs: round.leasePollMs } : {}),
  });
  const result: CollectResult = {
    worker: index,
    yielded: 0,
    committed: 0,
    requests: 0,
    tokenRequests: 0,
    failures: [],
    ms: 0,
    cpuMs: 0,
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    for (const [i, query] of round.queries.entries()) {
      const file = `${round.outPrefix}${index}-q${i}.ids`;
      let page: string[] = [];
      try {
        const records = collector.collectByTerms(query, {
          runId: `${round.runId}${round.ownRuns ? `-w${index}` : ""}:${i}`,
          // A durable consumer: a page's IDs are written before its checkpoint.
          beforeCheckpoint: () => {
            if (page.length) appendFileSync(file, `${page.join("\n")}\n`);
            result.committed += page.length;
            page = [];
          },
        });
        for await (const record of records) {
          result.yielded++;
          page.push(record.platform_id);
        }
      } catch (error) {
        result.failures.push({
          query: i,
          name: error instanceof Error ? error.name : "unknown",
          message: error instanceof Error ? error.message : String(error),
          ...(isArenaError(error)
            ? { code: error.code, failureType: error.failureType, retryable: error.retryable }
            : {}),
        });
      }
    }
  } finally {
    result.ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    result.cpuMs = (used.user + used.system) / 1000;
    const { requests, tokenRequests } = collector.stats;
    Object.assign(result, { requests, tokenRequests });
    await ports.close();
  }
  return result;
}

await serveRounds<CollectRound>(collect);
