import { QuotaExhaustedError } from "@observatory/arena-core";
import { createRedisPorts, RedisRateLimiter, RedisTokenCache } from "../src/index.js";
import { fetchToken } from "./token-endpoint.js";
import { serveRounds, workerArgs } from "./workers.js";

/** One round of work; a worker whose index is not among the round's participants returns null at once. */
export type CrossProcessRound =
  | { kind: "quota"; credential: string; attempts: number }
  | { kind: "token"; key: string; tokenUrl: string; hangIn?: number }
  | {
      kind: "limiter";
      participants: number;
      id: string;
      requests: number;
      perMs: number;
      jobs: number;
      waitMs: number;
    };

const args = workerArgs<{ url: string; prefix: string }>();
const me = args.index;
const ports = createRedisPorts(args.url, { prefix: args.prefix });
// A short lock expiry so that the "killed while refreshing" case is quick to observe.
const tokens = new RedisTokenCache(ports.redis, { prefix: args.prefix, lockTtlMs: 800 });
const limiters: RedisRateLimiter[] = [];
const queued: Promise<unknown>[] = [];
await ports.quota.state("warm-up", "research"); // connected before the first round

async function quota({ credential, attempts }: { credential: string; attempts: number }) {
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
}

async function token({ key, tokenUrl, hangIn }: { key: string; tokenUrl: string; hangIn?: number }) {
  const refresh = () => (hangIn === me ? new Promise<never>(() => undefined) : fetchToken(tokenUrl));
  if (hangIn !== undefined && hangIn !== me) return null;
  const result = await tokens.getOrRefresh(key, refresh, { minValidityMs: 600_000, now: Date.now() });
  return result.accessToken;
}

/** Schedules `jobs` requests, waits `waitMs`, reports when the ones that ran ran; the rest stay queued. */
async function limiter(round: Extract<CrossProcessRound, { kind: "limiter" }>) {
  if (me >= round.participants) return null;
  const { id, requests, perMs } = round;
  const l = new RedisRateLimiter(args.url, {
    prefix: args.prefix,
    id,
    requests,
    perMs,
    heartbeatIntervalMs: 100,
  });
  limiters.push(l);
  await l.bottleneck.ready();
  const ranAt: number[] = [];
  for (let i = 0; i < round.jobs; i++) {
    const job = l.schedule(async () => {
      ranAt.push(Date.now());
    });
    queued.push(job.catch((error: { code?: string }) => error.code));
  }
  await new Promise((r) => setTimeout(r, round.waitMs));
  return ranAt;
}

try {
  await serveRounds<CrossProcessRound>(async (round) => {
    if (round.kind === "quota") return quota(round);
    if (round.kind === "token") return token(round);
    return limiter(round);
  });
} finally {
  // Queued requests must be dropped with limiter_closed, and every connection closed: the process
  // then exits by itself (the test checks the exit codes).
  await Promise.all(limiters.map((l) => l.close()));
  await ports.close();
  const outcomes = await Promise.all(queued);
  if (outcomes.some((o) => o !== undefined && o !== "limiter_closed")) process.exitCode = 3;
}
