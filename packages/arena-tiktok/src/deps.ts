import { createHash } from "node:crypto";
import {
  type CheckpointStore,
  type Clock,
  createDefaultLanguageDetector,
  createPseudonymizer,
  type LanguageDetector,
  type Logger,
  MemoryCheckpointStore,
  MemoryQuotaLedger,
  MemoryTokenCache,
  memoizeLanguageDetector,
  memoizePseudonymizer,
  type Pseudonym,
  type QuotaLedger,
  type QuotaSnapshot,
  type QuotaState,
  realSleep,
  redactingLogger,
  SecretRegistry,
  type Sleep,
  silentLogger,
  systemClock,
  unlimitedRateLimiter,
} from "@observatory/arena-core";
import { TokenManager } from "./auth/token-manager.js";
import { VIDEO_FIELDS } from "./endpoints/video-query.js";
import { connectTimeoutFetch } from "./http/connect-timeout-fetch.js";
import { ResearchClient } from "./http/research-client.js";
import type { ResolvedTikTokOptions } from "./options.js";
import { BrightDataClient } from "./tiers/bright-data/bright-data-client.js";
import { MediumTier } from "./tiers/bright-data/medium-tier.js";

/**
 * Everything the arena's parts need, built once from the validated options and passed as is to the
 * collector, the runs, the streams, the refresh and the health check. It is also the engine's
 * `EngineDeps` (checkpoints, clock, logger, sleep, workerId, leaseMs, leasePollMs).
 */
export interface TikTokDeps {
  client: ResearchClient;
  tokens: TokenManager;
  checkpoints: CheckpointStore;
  quota: QuotaLedger;
  clock: Clock;
  sleep: Sleep;
  logger: Logger;
  credentialId: string;
  pseudonymize: (platform: string, author: string) => Pseudonym;
  keepAuthorHandles: boolean;
  /** The language detector (remembering its answers: many captions repeat), created on first use. */
  languageDetector: () => Promise<LanguageDetector>;
  /** The ledger's state of a quota pool (default "research"), as the contract reports it. */
  quotaSnapshot: (pool?: string) => Promise<QuotaSnapshot>;
  windowDays: number;
  /** Windows ending after now minus this many days are left for a later run. */
  ingestionLagDays: number;
  /** The silent-zero alarm's canary term, if any. */
  canary?: string;
  /** The Research API's base URL (for `raw_metadata.collection_rules`). */
  baseUrl: string;
  /** "adaptive": windowDays is the maximum of windows chosen as the run goes. */
  windowPlan: "fixed" | "adaptive";
  /** Video-query windows in flight at once. */
  concurrency: number;
  maxCount: number;
  fields: readonly string[];
  dateGuard: boolean;
  actorsPerQuery: number;
  dailyRequests?: number;
  /** Names this worker in partition leases (see `leaseMs`). */
  workerId?: string;
  leaseMs: number;
  leasePollMs: number;
  /** At most one health probe request per this many ms (0: every call). */
  healthProbeIntervalMs: number;
  /** The medium tier, when `brightData` is configured. */
  medium?: MediumTier;
}

/** Builds the bag: in-memory defaults for every port the host did not inject. */
export function createTikTokDeps(options: ResolvedTikTokOptions): TikTokDeps {
  const secrets = new SecretRegistry();
  secrets.add(options.credentials.clientSecret);
  const clock = options.clock ?? systemClock;
  const logger = redactingLogger(options.logger ?? silentLogger, secrets);
  const credentialId =
    options.credentials.id ??
    `key-${createHash("sha256").update(options.credentials.clientKey).digest("hex").slice(0, 12)}`;
  const quota =
    options.quota ??
    new MemoryQuotaLedger({
      clock,
      ...(options.dailyRequests
        ? { pools: { research: { requests: options.dailyRequests, records: options.dailyRequests * 100 } } }
        : {}),
    });
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  // The token manager asks the client for tokens and the client asks it for one per request: the
  // closure reads `client` when a token is first needed, after both exist.
  // An injected fetch owns its transport; otherwise connections give up after connectTimeoutMs.
  const fetch = options.fetch ?? connectTimeoutFetch(options.connectTimeoutMs);
  const tokens: TokenManager = new TokenManager({
    clientKey: options.credentials.clientKey,
    clientSecret: options.credentials.clientSecret,
    credentialId,
    cache: options.tokenCache ?? new MemoryTokenCache(),
    clock,
    secrets,
    requestToken: (form, signal) => client.requestToken(form, signal),
  });
  const client: ResearchClient = new ResearchClient({
    baseUrl: options.baseUrl,
    fetch,
    credentialId,
    quota,
    tokens,
    limiter: options.limiter ?? unlimitedRateLimiter,
    clock,
    sleep,
    random,
    logger,
    secrets,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    stallTimeoutMs: options.stallTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    slowNoticeMs: options.slowRequestNoticeMs,
  });
  const bright = options.brightData;
  if (bright) secrets.add(bright.apiKey);
  const medium = bright
    ? new MediumTier(
        new BrightDataClient({
          apiKey: bright.apiKey,
          baseUrl: bright.baseUrl,
          fetch,
          sleep,
          random,
          retry: options.retry,
          logger,
          secrets,
          timeoutMs: options.timeoutMs,
          maxResponseBytes: options.maxResponseBytes,
          stallTimeoutMs: options.stallTimeoutMs,
        }),
        bright,
        sleep,
      )
    : undefined;
  let detector: Promise<LanguageDetector> | undefined = options.languageDetector
    ? Promise.resolve(memoizeLanguageDetector(options.languageDetector))
    : undefined;
  return {
    client,
    tokens,
    checkpoints: options.checkpoints ?? new MemoryCheckpointStore(),
    quota,
    clock,
    sleep,
    logger,
    credentialId,
    pseudonymize: memoizePseudonymizer(
      createPseudonymizer({ salt: options.pseudonymSalt, publicFigures: options.publicFigures ?? [] }),
    ),
    keepAuthorHandles: options.keepAuthorHandles,
    languageDetector: () => {
      detector ??= createDefaultLanguageDetector().then((d) => memoizeLanguageDetector(d));
      return detector;
    },
    quotaSnapshot: async (pool = "research") => snapshotOf(await quota.state(credentialId, pool)),
    windowDays: options.windowDays,
    ingestionLagDays: options.ingestionLagDays,
    ...(options.canary ? { canary: options.canary } : {}),
    baseUrl: options.baseUrl,
    windowPlan: options.windowPlan,
    concurrency: options.concurrency,
    maxCount: options.maxCount,
    fields: options.fields ?? VIDEO_FIELDS,
    dateGuard: options.dateGuard,
    actorsPerQuery: options.actorsPerQuery,
    ...(options.dailyRequests ? { dailyRequests: options.dailyRequests } : {}),
    ...(options.workerId ? { workerId: options.workerId } : {}),
    leaseMs: options.leaseMs,
    leasePollMs: options.leasePollMs,
    healthProbeIntervalMs: options.healthProbeIntervalMs,
    ...(medium ? { medium } : {}),
  };
}

/** The ledger's state as the contract reports it. */
export function snapshotOf(state: QuotaState): QuotaSnapshot {
  return {
    pool: state.pool,
    requestsUsed: state.requestsUsed,
    requestsLimit: state.requestsLimit,
    recordsUsed: state.recordsUsed,
    recordsLimit: state.recordsLimit,
    resetsAt: new Date(state.resetsAt).toISOString(),
  };
}
