import { createHash } from "node:crypto";
import {
  createPseudonymizer,
  MemoryCheckpointStore,
  MemoryQuotaLedger,
  MemoryTokenCache,
  parseInput,
  realSleep,
  redactingLogger,
  SecretRegistry,
  silentLogger,
  systemClock,
  unlimitedRateLimiter,
} from "@observatory/arena-core";
import { TokenManager } from "./auth/token-manager.js";
import { TikTokCollector } from "./collector.js";
import { VIDEO_FIELDS } from "./endpoints/video-query.js";
import { ResearchClient } from "./http/research-client.js";
import { memoizePseudonymizer } from "./normalize/memoize-pseudonymizer.js";
import { type TikTokCollectorOptions, tiktokOptionsSchema } from "./options.js";
import { BrightDataClient } from "./tiers/bright-data/bright-data-client.js";
import { MediumTier } from "./tiers/bright-data/medium-tier.js";

/**
 * Builds the TikTok Research API collector. Every port has an in-memory default; a host injects its
 * own (Redis-backed token cache, quota ledger, checkpoints, limiter) to share them across workers.
 */
export function createTikTokCollector(input: TikTokCollectorOptions): TikTokCollector {
  const options = parseInput(tiktokOptionsSchema, input, "TikTok collector options");
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
  const client = new ResearchClient({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    credentialId,
    quota,
    limiter: options.limiter ?? unlimitedRateLimiter,
    clock,
    sleep,
    random: options.random ?? Math.random,
    logger,
    secrets,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    stallTimeoutMs: options.stallTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    slowNoticeMs: options.slowRequestNoticeMs,
  });
  const tokens = new TokenManager({
    clientKey: options.credentials.clientKey,
    clientSecret: options.credentials.clientSecret,
    credentialId,
    cache: options.tokenCache ?? new MemoryTokenCache(),
    clock,
    secrets,
    requestToken: (form, signal) => client.requestToken(form, signal),
  });
  client.useTokens(tokens);
  const bright = options.brightData;
  if (bright) secrets.add(bright.apiKey);
  const medium = bright
    ? new MediumTier(
        new BrightDataClient({
          apiKey: bright.apiKey,
          baseUrl: bright.baseUrl,
          ...(options.fetch ? { fetch: options.fetch } : {}),
          sleep,
          random: options.random ?? Math.random,
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
  return new TikTokCollector({
    client,
    tokens,
    checkpoints: options.checkpoints ?? new MemoryCheckpointStore(),
    quota,
    clock,
    logger,
    credentialId,
    pseudonymize: memoizePseudonymizer(
      createPseudonymizer({ salt: options.pseudonymSalt, publicFigures: options.publicFigures ?? [] }),
    ),
    keepAuthorHandles: options.keepAuthorHandles,
    ...(options.languageDetector ? { languageDetector: options.languageDetector } : {}),
    windowDays: options.windowDays,
    maxCount: options.maxCount,
    fields: options.fields ?? VIDEO_FIELDS,
    dateGuard: options.dateGuard,
    actorsPerQuery: options.actorsPerQuery,
    ...(options.dailyRequests ? { dailyRequests: options.dailyRequests } : {}),
    sleep,
    ...(options.workerId ? { workerId: options.workerId } : {}),
    leaseMs: options.leaseMs,
    leasePollMs: options.leasePollMs,
    healthProbeIntervalMs: options.healthProbeIntervalMs,
    ...(medium ? { medium } : {}),
  });
}
