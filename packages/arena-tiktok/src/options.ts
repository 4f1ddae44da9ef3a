import type {
  CheckpointStore,
  Clock,
  LanguageDetector,
  Logger,
  QuotaLedger,
  RateLimiter,
  Sleep,
  TokenCache,
} from "@observatory/arena-core";
import { DEFAULT_RETRY } from "@observatory/arena-core";
import { z } from "zod";
import { brightDataOptionsSchema } from "./tiers/bright-data/bright-data-options.js";

const port = <T>(name: string, method: string) =>
  z.custom<T>(
    (v) =>
      typeof v === "object" && v !== null && typeof (v as Record<string, unknown>)[method] === "function",
    {
      message: `${name} must implement the arena-core ${name} port (missing ${method}())`,
    },
  );

/** `createTikTokCollector` options, validated with zod: a bad option is a ConfigError naming it. */
export const tiktokOptionsSchema = z
  .object({
    credentials: z
      .object({
        clientKey: z.string().min(1, "set the client key of your approved Research API project"),
        clientSecret: z.string().min(1, "set the client secret of your approved Research API project"),
        /** Names the credential in quota and token keys (default: a hash of the client key). */
        id: z
          .string()
          .regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, '.', '_' and '-' only")
          .optional(),
      })
      .strict(),
    pseudonymSalt: z
      .string({
        message: "required: a secret of at least 16 characters (authors are never stored as plain handles)",
      })
      .min(16, "use a secret of at least 16 characters"),
    publicFigures: z.array(z.string()).optional(),
    /** Store plain author handles instead of pseudonyms (only where the research protocol allows it). */
    keepAuthorHandles: z.boolean().default(false),
    baseUrl: z
      .string()
      .url("a URL such as https://open.tiktokapis.com")
      .default("https://open.tiktokapis.com")
      .transform((u) => u.replace(/\/+$/, "")),
    tokenCache: port<TokenCache>("TokenCache", "getOrRefresh").optional(),
    quota: port<QuotaLedger>("QuotaLedger", "reserve").optional(),
    checkpoints: port<CheckpointStore>("CheckpointStore", "put").optional(),
    limiter: port<RateLimiter>("RateLimiter", "schedule").optional(),
    languageDetector: port<LanguageDetector>("LanguageDetector", "detect").optional(),
    logger: port<Logger>("Logger", "warn").optional(),
    fetch: z
      .custom<typeof globalThis.fetch>((v) => typeof v === "function", "fetch must be a function")
      .optional(),
    clock: port<Clock>("Clock", "now").optional(),
    sleep: z.custom<Sleep>((v) => typeof v === "function", "sleep must be a function").optional(),
    random: z.custom<() => number>((v) => typeof v === "function", "random must be a function").optional(),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(20).default(DEFAULT_RETRY.maxAttempts),
        baseDelayMs: z.number().min(0).default(DEFAULT_RETRY.baseDelayMs),
        maxDelayMs: z.number().min(0).default(DEFAULT_RETRY.maxDelayMs),
        slowDelayMs: z.number().min(0).default(DEFAULT_RETRY.slowDelayMs),
      })
      .strict()
      .default(DEFAULT_RETRY),
    /** Date window per query. Broad 30-day windows cause 500s; the API allows at most 30. */
    windowDays: z.number().int().min(1).max(30, "the API allows at most 30 days per query").default(7),
    /**
     * How video queries are cut into windows: "fixed" (every window `windowDays` long) or "adaptive"
     * (`windowDays` is the maximum: wide where the query is sparse, narrower where it is dense or the
     * API fails, learnt from the query's history; see the README's "Adaptive windows").
     */
    windowPlan: z.enum(["fixed", "adaptive"]).default("fixed"),
    /** Video-query windows in flight at once in one process (for a slow API); quota and checkpoints stay exact. */
    concurrency: z.number().int().min(1).max(32, "at most 32 windows in flight").default(1),
    /** Videos per page (the API's maximum, 100, spends the fewest requests). */
    maxCount: z.number().int().min(1).max(100).default(100),
    /** Wait for a response's headers (the first byte); the API can take minutes before a 504. */
    timeoutMs: z.number().int().positive().default(300_000),
    /** Establishing a connection (TCP and TLS) may take this long; longer is a timeout (retried). */
    connectTimeoutMs: z.number().int().positive().default(30_000),
    /** A response body may go this long without a byte; longer is a timeout (retried). */
    stallTimeoutMs: z.number().int().positive().default(60_000),
    /** A response body may hold at most this many bytes (a 100-video page is ~0.1 MB); more is an UpstreamError. */
    maxResponseBytes: z
      .number()
      .int()
      .min(1_024, "at least 1024 bytes")
      .default(32 * 1_048_576),
    /** A request that has produced nothing this long is reported (logger warn: its phase, attempt n of m). 0: never. */
    slowRequestNoticeMs: z.number().int().min(0).default(60_000),
    /** Bound windows with create_date < until in the query (exact whichever way end_date is read). */
    dateGuard: z.boolean().default(true),
    /** Usernames per `username IN` query in collectByActors. */
    actorsPerQuery: z.number().int().min(1).max(100).default(20),
    fields: z
      .array(z.string().regex(/^[a-z_]+$/))
      .min(1)
      .optional(),
    /** Names this worker in partition leases when the checkpoint store grants them (default: random per run). */
    workerId: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/, "letters, digits, '.', '_', ':' and '-' only")
      .optional(),
    /** How long a worker's lease on a window lasts without a page (renewed after every page). */
    leaseMs: z.number().int().positive().default(600_000),
    /** How often a worker looks again at windows other workers hold. */
    leasePollMs: z.number().int().positive().default(5_000),
    /**
     * `healthCheck()` sends its probe request (one of the daily quota) at most once per this many ms;
     * in between it reports the last probe, or a later successful request, without a request. 0: probe
     * on every call.
     */
    healthProbeIntervalMs: z.number().int().min(0).default(600_000),
    /**
     * Days TikTok takes to ingest a video (reports: 2–10; 8–10 measured in March 2026). Windows ending
     * after today minus this are left for a later run (not marked complete); 0 collects them now.
     */
    ingestionLagDays: z
      .number()
      .int()
      .min(0, "0 or more days, e.g. 10")
      .max(60, "at most 60 days (reports range from 2 to 10)")
      .default(10),
    /**
     * The silent-zero alarm's canary: a term with matches on any day ("#fyp"). When windows come back
     * empty, one request for it tells an API outage (empty too: the run is flagged) from a real absence.
     */
    canary: z.string().trim().min(1, "a term such as #fyp").optional(),
    /** Daily limits when the project's approved quota differs from the default. */
    dailyRequests: z.number().int().positive().optional(),
    /** The medium tier (Bright Data's TikTok scraper); `supportedTiers` includes "medium" only with it. */
    brightData: brightDataOptionsSchema.optional(),
  })
  .strict();

export type TikTokCollectorOptions = z.input<typeof tiktokOptionsSchema>;
export type ResolvedTikTokOptions = z.output<typeof tiktokOptionsSchema>;
