import {
  type ActorProfile,
  type ActorProfiler,
  type ActorsQuery,
  type ActorsQueryInput,
  type ArenaCollector,
  actorsQuerySchema,
  type CheckpointStore,
  type Clock,
  type CollectOptions,
  type CommentCollector,
  ConfigError,
  type ContentRecord,
  type CostEstimate,
  createDefaultLanguageDetector,
  DAY_MS,
  DataError,
  type EngagementRefresher,
  type HealthReport,
  isActorsQuery,
  type LanguageDetector,
  type Logger,
  memoizeLanguageDetector,
  type Pseudonym,
  parseInput,
  type QuotaLedger,
  type QuotaSnapshot,
  type QuotaState,
  type Sleep,
  type TermsQuery,
  type TermsQueryInput,
  type Tier,
  termsQuerySchema,
} from "@observatory/arena-core";
import type { TokenManager } from "./auth/token-manager.js";
import { estimateVideoCost, recordHistory } from "./cost/estimate-cost.js";
import { USER_INFO_ENDPOINT, USER_INFO_FIELDS, userInfoSchema } from "./endpoints/user-info.js";
import { HealthMonitor } from "./health/health-check.js";
import type { ResearchClient } from "./http/research-client.js";
import type { PlaylistEntry } from "./normalize/playlist-entry.js";
import type { RelationRecord } from "./normalize/relation-record.js";
import type { AuthorInfo } from "./normalize/video-record.js";
import { actorsToVideoQueries, matchedTerms, termsToVideoQueries } from "./query/terms-query.js";
import {
  type RefreshOptions,
  refreshEngagement,
  type TikTokRefreshResult,
} from "./refresh/refresh-engagement.js";
import { fingerprint } from "./run/fingerprint.js";
import { deriveRunId } from "./run/run-id.js";
import type { RunPlan } from "./run/run-plan.js";
import { runVideoCollection, type VideoRunDeps, type VideoRunSpec } from "./run/video-run.js";
import { actorProfiles } from "./streams/actors-stream.js";
import { type CommentCollectOptions, commentStream } from "./streams/comments-stream.js";
import type { ListCollectOptions } from "./streams/list-options.js";
import { playlistStream } from "./streams/playlist-stream.js";
import { relationStream } from "./streams/relations-stream.js";
import type { StreamDeps } from "./streams/stream-deps.js";
import type { ReportingStream } from "./streams/stream-report.js";
import { userVideoStream } from "./streams/user-videos-stream.js";
import {
  type MediumQuery,
  type MediumTier,
  requireMedium,
  resolveTier,
} from "./tiers/bright-data/medium-tier.js";

/** TikTok-specific collection options. */
export interface TikTokCollectOptions extends CollectOptions {
  /** `is_random`: one random sample page (1–100 videos) per window instead of every match. */
  isRandom?: boolean;
}

/** Everything the collector composes; built by `createTikTokCollector`. */
export interface CollectorParts {
  client: ResearchClient;
  tokens: TokenManager;
  checkpoints: CheckpointStore;
  quota: QuotaLedger;
  clock: Clock;
  logger: Logger;
  credentialId: string;
  pseudonymize: (platform: string, author: string) => Pseudonym;
  keepAuthorHandles: boolean;
  languageDetector?: LanguageDetector;
  windowDays: number;
  maxCount: number;
  fields: readonly string[];
  dateGuard: boolean;
  actorsPerQuery: number;
  dailyRequests?: number;
  sleep: Sleep;
  /** Names this worker in partition leases (see `leaseMs`). */
  workerId?: string;
  leaseMs: number;
  leasePollMs: number;
  /** At most one health probe request per this many ms (0: every call). */
  healthProbeIntervalMs: number;
  /** The medium tier, when `brightData` is configured. */
  medium?: MediumTier;
}

export class TikTokCollector implements ArenaCollector, CommentCollector, EngagementRefresher, ActorProfiler {
  readonly platform = "tiktok";
  readonly arena = "social_media";
  readonly supportedTiers: readonly Tier[];
  readonly #p: CollectorParts;
  #detector: Promise<LanguageDetector> | undefined;
  readonly #health: HealthMonitor;

  constructor(parts: CollectorParts) {
    this.#p = parts;
    this.#health = new HealthMonitor({
      client: parts.client,
      clock: parts.clock,
      quota: async () => {
        const state = await parts.quota.state(parts.credentialId, "research");
        return {
          snapshot: snapshotOf(state),
          spent: state.exhausted || state.requestsUsed >= state.requestsLimit,
        };
      },
      token: () => parts.tokens.token(),
      probeIntervalMs: parts.healthProbeIntervalMs,
      shared: { store: parts.checkpoints, credentialId: parts.credentialId },
      ...(parts.medium ? { medium: parts.medium } : {}),
    });
    this.supportedTiers = parts.medium ? ["free", "medium"] : ["free"];
    if (parts.languageDetector)
      this.#detector = Promise.resolve(memoizeLanguageDetector(parts.languageDetector));
  }

  /**
   * Requests sent by this collector: to the Research API (data requests; token requests separately)
   * and, on the medium tier, to Bright Data (triggers, progress checks, downloads).
   */
  get stats(): {
    requests: number;
    retries: number;
    refreshes: number;
    tokenRequests: number;
    brightDataRequests: number;
  } {
    const { requests, retries, refreshes } = this.#p.client.stats;
    const brightDataRequests = this.#p.medium?.client.stats.requests ?? 0;
    return { requests, retries, refreshes, tokenRequests: this.#p.tokens.requests, brightDataRequests };
  }

  /** Comments and replies of videos (top 1,000 per video), as UCR records with `content_type: "comment"`. */
  collectComments(
    videoIds: readonly string[],
    options: CommentCollectOptions = {},
  ): ReportingStream<ContentRecord> {
    return commentStream(this.#deps(), videoIds, options);
  }

  /** user/info/ per name; an unknown or private user is a profile with that status, not an error. */
  fetchActors(usernames: readonly string[], options: CollectOptions = {}): AsyncIterable<ActorProfile> {
    return actorProfiles(this.#deps(), usernames, options);
  }

  /** Who follows each user (the `followers` quota pool; at most about 5,000 per account). */
  followers(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<RelationRecord> {
    return relationStream(this.#deps(), "followers", usernames, options);
  }

  /** Whom each user follows (the `followers` quota pool). */
  following(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<RelationRecord> {
    return relationStream(this.#deps(), "following", usernames, options);
  }

  /** Videos each user liked (private for most users: reported per user). */
  likedVideos(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return userVideoStream(this.#deps(), "liked", usernames, options);
  }

  /** Videos each user pinned to their profile. */
  pinnedVideos(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return userVideoStream(this.#deps(), "pinned", usernames, options);
  }

  /** Videos each user reposted (visible for some users only). */
  repostedVideos(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return userVideoStream(this.#deps(), "reposted", usernames, options);
  }

  /** The videos of each playlist, in order (IDs; `refreshEngagement(ids)` turns them into records). */
  playlist(
    playlistIds: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<PlaylistEntry> {
    return playlistStream(this.#deps(), playlistIds, options);
  }

  /** New engagement counts for video records (or full records for bare IDs); see `selectDueForRefresh`. */
  refreshEngagement(
    recordsOrIds: readonly (ContentRecord | string)[],
    options: RefreshOptions = {},
  ): Promise<TikTokRefreshResult> {
    return refreshEngagement({ ...this.#deps(), fields: this.#p.fields }, recordsOrIds, options);
  }

  collectByTerms(input: TermsQueryInput, options: TikTokCollectOptions = {}): AsyncIterable<ContentRecord> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const query = parseInput(termsQuerySchema, input, "terms query");
        if (self.#tier(query.tier) === "medium") {
          yield* self.#medium({ kind: "terms", query }, options);
          return;
        }
        const parts = termsToVideoQueries(query);
        const terms = [...(query.terms ?? []), ...(query.termGroups ?? []).flat()];
        const shape = self.#shape("terms", parts);
        yield* self.#run(
          {
            kind: "terms",
            runId: options.runId ?? deriveRunId("terms", { query, isRandom: options.isRandom ?? false }),
            fingerprint: fingerprint({ query, isRandom: options.isRandom ?? false }),
            parts,
            since: query.since,
            until: query.until,
            ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
            ...(query.languages ? { languages: query.languages } : {}),
            isRandom: options.isRandom ?? false,
            options,
            context: async () => self.#context(query.tier ?? "free", (v) => matchedTerms(terms, v)),
          },
          shape,
        );
      },
    };
  }

  collectByActors(input: ActorsQueryInput, options: TikTokCollectOptions = {}): AsyncIterable<ContentRecord> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const query = parseInput(actorsQuerySchema, input, "actors query");
        if (self.#tier(query.tier) === "medium") {
          yield* self.#medium({ kind: "actors", query }, options);
          return;
        }
        const batches = actorsToVideoQueries(query, self.#p.actorsPerQuery);
        const shape = self.#shape("actors", batches);
        yield* self.#run(
          {
            kind: "actors",
            runId: options.runId ?? deriveRunId("actors", { query, isRandom: options.isRandom ?? false }),
            fingerprint: fingerprint({ query, isRandom: options.isRandom ?? false }),
            parts: batches,
            since: query.since,
            until: query.until,
            ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
            ...(query.languages ? { languages: query.languages } : {}),
            isRandom: options.isRandom ?? false,
            options,
            prepare: (plan) => self.#fetchAuthors(plan, query, options.signal),
            context: async (plan) => {
              const authors = new Map<string, AuthorInfo>();
              for (const [name, info] of Object.entries(plan.authors ?? {})) {
                if (!("unavailable" in info)) authors.set(name, info);
              }
              return self.#context(query.tier ?? "free", (v) => [`@${v.username.toLowerCase()}`], authors);
            },
          },
          shape,
        );
      },
    };
  }

  /**
   * The Research API's health, and Bright Data's when the medium tier is configured. Never throws.
   * The probe request is sent at most once per `healthProbeIntervalMs` (see `HealthMonitor`).
   */
  healthCheck(): Promise<HealthReport> {
    return this.#health.check();
  }

  async estimateCost(input: TermsQueryInput | ActorsQueryInput): Promise<CostEstimate> {
    const p = this.#p;
    let query: TermsQuery | ActorsQuery;
    let partitions: number;
    let shape: string;
    let extra = 0;
    if (typeof input !== "object" || input === null) {
      throw new ConfigError(
        "Invalid query: give a terms query ({ terms, since, until }) or an actors query ({ actors, since, until }).",
        {
          field: "(root)",
        },
      );
    }
    if (isActorsQuery(input)) {
      const q = parseInput(actorsQuerySchema, input, "actors query");
      if (this.#tier(q.tier) === "medium") return this.#mediumTier().estimate({ kind: "actors", query: q });
      const batches = actorsToVideoQueries(q, p.actorsPerQuery);
      partitions = batches.length;
      shape = this.#shape("actors", batches);
      extra = new Set(q.actors).size; // one user-info request per actor
      query = q;
    } else {
      const q = parseInput(termsQuerySchema, input, "terms query");
      if (this.#tier(q.tier) === "medium") return this.#mediumTier().estimate({ kind: "terms", query: q });
      const parts = termsToVideoQueries(q);
      partitions = parts.length;
      shape = this.#shape("terms", parts);
      query = q;
    }
    const estimate = await estimateVideoCost({
      partitions,
      since: query.since,
      until: query.until,
      windowDays: p.windowDays,
      ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
      maxCount: p.maxCount,
      shape,
      checkpoints: p.checkpoints,
      ...(p.dailyRequests ? { dailyRequests: p.dailyRequests } : {}),
    });
    if (extra) {
      estimate.requests.min += extra;
      estimate.requests.expected += extra;
      estimate.requests.max += extra;
      estimate.notes.push(`${extra} user-info request(s), one per actor`);
      estimate.quotaDays = Math.ceil(estimate.requests.expected / (p.dailyRequests ?? 1000));
    }
    return estimate;
  }

  /** The tier a query asks for, checked against what this collector supports. */
  #tier(tier: Tier | undefined): Tier {
    return resolveTier(tier, this.#p.medium);
  }

  #mediumTier(): MediumTier {
    return requireMedium(this.#p.medium);
  }

  async *#medium(q: MediumQuery, options: CollectOptions): AsyncGenerator<ContentRecord> {
    const p = this.#p;
    yield* this.#mediumTier().collect(q, options, {
      checkpoints: p.checkpoints,
      clock: p.clock,
      logger: p.logger,
      languageDetector: await this.#languageDetector(),
      pseudonymize: p.pseudonymize,
      keepAuthorHandles: p.keepAuthorHandles,
    });
  }

  #deps(): StreamDeps {
    const p = this.#p;
    return {
      client: p.client,
      checkpoints: p.checkpoints,
      clock: p.clock,
      logger: p.logger,
      pseudonymize: p.pseudonymize,
      keepAuthorHandles: p.keepAuthorHandles,
      languageDetector: () => this.#languageDetector(),
      quotaSnapshot: (pool) => this.#quotaSnapshot(pool),
    };
  }

  /** The detector, remembering its answers per collector: many captions repeat ("#fyp"). */
  #languageDetector(): Promise<LanguageDetector> {
    this.#detector ??= createDefaultLanguageDetector().then((detector) => memoizeLanguageDetector(detector));
    return this.#detector;
  }

  #run(spec: VideoRunSpec, shape: string): AsyncGenerator<ContentRecord> {
    const p = this.#p;
    const deps: VideoRunDeps = {
      client: p.client,
      checkpoints: p.checkpoints,
      clock: p.clock,
      logger: p.logger,
      windowDays: p.windowDays,
      maxCount: p.maxCount,
      fields: p.fields,
      dateGuard: p.dateGuard,
      credentialId: p.credentialId,
      sleep: p.sleep,
      ...(p.workerId ? { workerId: p.workerId } : {}),
      leaseMs: p.leaseMs,
      leasePollMs: p.leasePollMs,
      quotaSnapshot: () => this.#quotaSnapshot(),
      recordShare: async (s, stats, completed) => {
        if (s.maxResults !== undefined || s.isRandom) return; // capped or sampled runs say little about cost
        const days = ((s.until.getTime() - s.since.getTime()) / DAY_MS) as number;
        const invocation = `${p.workerId ?? "solo"}@${stats.startedAt}`;
        const { startedAt: _, ...costs } = stats;
        await recordHistory(
          p.checkpoints,
          { shape, runId: s.runId, days, completed, ...costs },
          invocation,
          p.clock.now(),
        );
      },
    };
    if (spec.until.getTime() > p.clock.now() - 2 * DAY_MS) {
      p.logger.warn(
        "the range ends within the last two days: TikTok's Research API ingests videos with a lag of about two days, so the newest videos may be missing",
        { until: spec.until.toISOString() },
      );
    }
    return runVideoCollection(deps, spec);
  }

  #shape(kind: string, parts: readonly { label: string; query: unknown }[]): string {
    return `${kind}:${fingerprint(parts.map((part) => part.query))}`;
  }

  async #context(
    tier: Tier,
    matchTerms: (v: { description: string; hashtags: readonly string[]; username: string }) => string[],
    authors?: ReadonlyMap<string, AuthorInfo>,
  ) {
    return {
      tier,
      pseudonymize: this.#p.pseudonymize,
      keepAuthorHandles: this.#p.keepAuthorHandles,
      languageDetector: await this.#languageDetector(),
      matchTerms,
      ...(authors ? { authors } : {}),
    };
  }

  /** collectByActors: user info once per run, kept in the run's plan (a resume does not refetch it). */
  async #fetchAuthors(plan: RunPlan, query: ActorsQuery, signal?: AbortSignal): Promise<boolean> {
    plan.authors ??= {};
    let changed = false;
    for (const username of new Set(query.actors)) {
      if (plan.authors[username]) continue;
      try {
        const { value } = await this.#p.client.call(
          USER_INFO_ENDPOINT,
          { username },
          {
            pool: "research",
            fields: USER_INFO_FIELDS,
            ...(signal ? { signal } : {}),
            parse: (d) => userInfoSchema.parse(d),
            describe: `user info for ${username}`,
          },
        );
        plan.authors[username] = value;
      } catch (error) {
        if (!(error instanceof DataError) || error.code === "invalid_envelope") throw error;
        this.#p.logger.warn(`no user info for ${username}: ${error.message}`);
        plan.authors[username] = { unavailable: error.message };
      }
      changed = true;
    }
    return changed;
  }

  async #quotaSnapshot(pool = "research"): Promise<QuotaSnapshot> {
    return snapshotOf(await this.#p.quota.state(this.#p.credentialId, pool));
  }
}

/** The ledger's state as the contract reports it. */
function snapshotOf(state: QuotaState): QuotaSnapshot {
  return {
    pool: state.pool,
    requestsUsed: state.requestsUsed,
    requestsLimit: state.requestsLimit,
    recordsUsed: state.recordsUsed,
    recordsLimit: state.recordsLimit,
    resetsAt: new Date(state.resetsAt).toISOString(),
  };
}
