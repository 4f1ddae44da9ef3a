import type { ReportingStream } from "@observatory/arena-core";
import {
  type ActorProfile,
  type ActorProfiler,
  type ActorsQuery,
  type ActorsQueryInput,
  type ArenaCollector,
  actorsQuerySchema,
  type CollectOptions,
  type CommentCollector,
  ConfigError,
  type ContentRecord,
  type CostEstimate,
  DAY_MS,
  deriveRunId,
  type EngagementRefresher,
  fingerprint,
  type HealthReport,
  isActorsQuery,
  isArenaError,
  parseInput,
  type RunPlan,
  type TermsQuery,
  type TermsQueryInput,
  type Tier,
  termsQuerySchema,
} from "@observatory/arena-core";
import type { AdReportQueryInput, AdsQueryInput, CommercialQueryInput } from "./adlib/adlib-query.js";
import {
  type AdReportResult,
  adDetailStream,
  adStream,
  advertiserStream,
  commercialContentStream,
  fetchAdReport,
} from "./adlib/adlib-streams.js";
import {
  type ComplianceTask,
  type ComplianceTaskStatus,
  complianceResults,
  complianceTaskStatus,
  createComplianceTask,
} from "./compliance/batch-compliance.js";
import { estimateVideoCost, recordHistory } from "./cost/estimate-cost.js";
import { estimateQueryCost } from "./cost/estimate-query-cost.js";
import { readPlannerHistory, savePlannerHistory } from "./cost/planner-history.js";
import { snapshotOf, type TikTokDeps } from "./deps.js";
import type { ComplianceCategory } from "./endpoints/compliance.js";
import { USER_INFO_ENDPOINT, USER_INFO_FIELDS, userInfoSchema } from "./endpoints/user-info.js";
import { HealthMonitor } from "./health/health-check.js";
import type { PlaylistEntry } from "./normalize/playlist-entry.js";
import type { RelationRecord } from "./normalize/relation-record.js";
import type { AuthorInfo } from "./normalize/video-record.js";
import { actorsToVideoQueries, matchedTerms, termsToVideoQueries } from "./query/terms-query.js";
import {
  type RefreshOptions,
  refreshEngagement,
  type TikTokRefreshResult,
} from "./refresh/refresh-engagement.js";
import { eligibilityWarning, ingestionDeferral, ingestionLagWarning } from "./run/collection-rules.js";
import { type QueryCollectionInput, queryVideoRun } from "./run/query-run.js";
import { silentZeroSpec } from "./run/silent-zero-spec.js";
import { runVideoCollection, type VideoRunSpec } from "./run/video-run.js";
import { WindowPlanners } from "./run/window-planners.js";
import { productStream, reviewStream, shopStream } from "./shop/shop-streams.js";
import { actorProfiles } from "./streams/actors-stream.js";
import { type CommentCollectOptions, commentStream } from "./streams/comments-stream.js";
import type { ListCollectOptions } from "./streams/list-options.js";
import { playlistStream } from "./streams/playlist-stream.js";
import { relationStream } from "./streams/relations-stream.js";
import { userVideoStream } from "./streams/user-videos-stream.js";
import { videoLookupStream } from "./streams/video-lookup-stream.js";
import { type MediumTier, requireMedium, resolveTier } from "./tiers/bright-data/medium-tier.js";

/** TikTok-specific collection options. */
export interface TikTokCollectOptions extends CollectOptions {
  /** `is_random`: one random sample page (1–100 videos) per window instead of every match. */
  isRandom?: boolean;
}

type VideoQueryKind = { kind: "terms"; query: TermsQuery } | { kind: "actors"; query: ActorsQuery };

export class TikTokCollector implements ArenaCollector, CommentCollector, EngagementRefresher, ActorProfiler {
  readonly platform = "tiktok";
  readonly arena = "social_media";
  readonly supportedTiers: readonly Tier[];
  readonly #p: TikTokDeps;
  readonly #health: HealthMonitor;

  constructor(deps: TikTokDeps) {
    this.#p = deps;
    this.#health = new HealthMonitor({
      client: deps.client,
      clock: deps.clock,
      quota: async () => {
        const state = await deps.quota.state(deps.credentialId, "research");
        return {
          snapshot: snapshotOf(state),
          spent: state.exhausted || state.requestsUsed >= state.requestsLimit,
        };
      },
      token: () => deps.tokens.token(),
      probeIntervalMs: deps.healthProbeIntervalMs,
      shared: { store: deps.checkpoints, credentialId: deps.credentialId },
      ...(deps.medium ? { medium: deps.medium } : {}),
    });
    this.supportedTiers = deps.medium ? ["free", "medium"] : ["free"];
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
    return commentStream(this.#p, videoIds, options);
  }

  /** user/info/ per name; an unknown or private user is a profile with that status, not an error. */
  fetchActors(usernames: readonly string[], options: CollectOptions = {}): AsyncIterable<ActorProfile> {
    return actorProfiles(this.#p, usernames, options);
  }

  /** Who follows each user (the `followers` quota pool; at most about 5,000 per account). */
  followers(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<RelationRecord> {
    return relationStream(this.#p, "followers", usernames, options);
  }

  /** Whom each user follows (the `followers` quota pool). */
  following(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<RelationRecord> {
    return relationStream(this.#p, "following", usernames, options);
  }

  /** Videos each user liked (private for most users: reported per user). */
  likedVideos(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return userVideoStream(this.#p, "liked", usernames, options);
  }

  /** Videos each user pinned to their profile. */
  pinnedVideos(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return userVideoStream(this.#p, "pinned", usernames, options);
  }

  /** Videos each user reposted (visible for some users only). */
  repostedVideos(
    usernames: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return userVideoStream(this.#p, "reposted", usernames, options);
  }

  /** The videos of each playlist, in order (IDs; `refreshEngagement(ids)` turns them into records). */
  playlist(
    playlistIds: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<PlaylistEntry> {
    return playlistStream(this.#p, playlistIds, options);
  }

  /** Commercial Content API: ads matching a query (`content_type: "ad"`; search_id paging, 50 a page). */
  ads(query: AdsQueryInput, options?: CollectOptions): ReportingStream<ContentRecord> {
    return adStream(this.#p, query, options);
  }

  /** Commercial Content API: every detail of each ad (targeting, call to action…), `content_type: "ad"`. */
  adDetails(adIds: string | readonly string[], options?: CollectOptions): ReportingStream<ContentRecord> {
    return adDetailStream(this.#p, adIds, options);
  }

  /** Commercial Content API: the ad report (ads published per country over time); not records. */
  adReport(query: AdReportQueryInput, options?: { signal?: AbortSignal }): Promise<AdReportResult> {
    return fetchAdReport(this.#p, query, options);
  }

  /** Commercial Content API: advertisers whose names match each term (`content_type: "advertiser"`). */
  advertisers(
    terms: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return advertiserStream(this.#p, terms, options);
  }

  /** Commercial Content API: creators' paid partnerships (`content_type: "commercial_content"`, EEA creators). */
  commercialContent(query: CommercialQueryInput, options?: CollectOptions): ReportingStream<ContentRecord> {
    return commercialContentStream(this.#p, query, options);
  }

  /** TikTok Shop: the shops by each name (`content_type: "shop"`; at most 10 per name). */
  shops(names: string | readonly string[], options?: ListCollectOptions): ReportingStream<ContentRecord> {
    return shopStream(this.#p, names, options);
  }

  /** TikTok Shop: the products of each shop (`content_type: "shop_product"`; pages of at most 10). */
  shopProducts(
    shopIds: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return productStream(this.#p, shopIds, options);
  }

  /** TikTok Shop: the reviews of each product (`content_type: "shop_review"`; pages of at most 10). */
  productReviews(
    productIds: string | readonly string[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return reviewStream(this.#p, productIds, options);
  }

  /** Batch compliance: uploads at most 10,000 video or comment IDs; returns the task ID. */
  createComplianceTask(
    ids: readonly (string | bigint)[],
    category: ComplianceCategory,
    options?: { signal?: AbortSignal },
  ): Promise<ComplianceTask> {
    return createComplianceTask(this.#p, ids, category, options);
  }

  /** Batch compliance: a task's status as TikTok answers it (its shape is undocumented: kept whole). */
  complianceTaskStatus(taskId: string, options?: { signal?: AbortSignal }): Promise<ComplianceTaskStatus> {
    return complianceTaskStatus(this.#p, taskId, options);
  }

  /** Batch compliance results: TikTok does not document their delivery; always ComplianceResultsUndocumentedError. */
  complianceResults(taskId: string): never {
    return complianceResults(taskId);
  }

  /** New engagement counts for video records (or full records for bare IDs); see `selectDueForRefresh`. */
  refreshEngagement(
    recordsOrIds: readonly (ContentRecord | string)[],
    options: RefreshOptions = {},
  ): Promise<TikTokRefreshResult> {
    return refreshEngagement(this.#p, recordsOrIds, options);
  }

  /** Videos by ID (`video_id IN`, 100 a request), resumable; the report says which IDs did not come back. */
  lookupVideos(
    videoIds: string | readonly (string | bigint)[],
    options?: ListCollectOptions,
  ): ReportingStream<ContentRecord> {
    return videoLookupStream(this.#p, videoIds, options);
  }

  /** Research API query objects as they are (one partition each) over a date range; see `queryCollectionSchema`. */
  collectByQuery(
    input: QueryCollectionInput,
    options: TikTokCollectOptions = {},
  ): AsyncIterable<ContentRecord> {
    const p = this.#p;
    return { [Symbol.asyncIterator]: () => queryVideoRun(p, input, options) };
  }

  collectByTerms(input: TermsQueryInput, options: TikTokCollectOptions = {}): AsyncIterable<ContentRecord> {
    return this.#videos(
      () => ({ kind: "terms", query: parseInput(termsQuerySchema, input, "terms query") }),
      options,
    );
  }

  collectByActors(input: ActorsQueryInput, options: TikTokCollectOptions = {}): AsyncIterable<ContentRecord> {
    return this.#videos(
      () => ({ kind: "actors", query: parseInput(actorsQuerySchema, input, "actors query") }),
      options,
    );
  }

  /**
   * The Research API's health, and Bright Data's when the medium tier is configured. Never throws.
   * The probe request is sent at most once per `healthProbeIntervalMs` (see `HealthMonitor`).
   */
  healthCheck(): Promise<HealthReport> {
    return this.#health.check();
  }

  /** `estimateCost` for `collectByQuery`: requests per query × window, from earlier runs of the same queries when known. */
  estimateQueryCost(input: QueryCollectionInput): Promise<CostEstimate> {
    return estimateQueryCost(this.#p, input);
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
      ...(p.windowPlan === "adaptive"
        ? { adaptive: { ...(await readPlannerHistory(p.checkpoints, shape)) } }
        : {}),
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

  /** collectByTerms and collectByActors: one path, the query decides partitions, terms and authors. */
  #videos(parse: () => VideoQueryKind, options: TikTokCollectOptions): AsyncIterable<ContentRecord> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const q = parse();
        yield* self.#collectVideos(q, options);
      },
    };
  }

  async *#collectVideos(q: VideoQueryKind, options: TikTokCollectOptions): AsyncGenerator<ContentRecord> {
    const p = this.#p;
    const { kind, query } = q;
    if (this.#tier(query.tier) === "medium") {
      yield* this.#mediumTier().collect(q, options, { ...p, languageDetector: await p.languageDetector() });
      return;
    }
    const isRandom = options.isRandom ?? false;
    const deferral = ingestionDeferral(p.clock.now(), p.ingestionLagDays);
    const parts =
      q.kind === "terms" ? termsToVideoQueries(q.query) : actorsToVideoQueries(q.query, p.actorsPerQuery);
    const shape = this.#shape(kind, parts);
    const tier = query.tier ?? "free";
    const terms = q.kind === "terms" ? [...(q.query.terms ?? []), ...(q.query.termGroups ?? []).flat()] : [];
    const spec: VideoRunSpec = {
      kind,
      runId: options.runId ?? deriveRunId("tiktok", kind, { query, isRandom }),
      fingerprint: fingerprint({ query, isRandom }),
      parts,
      since: query.since,
      until: query.until,
      ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
      ...(query.languages ? { languages: query.languages } : {}),
      ...(query.languageMinConfidence === undefined
        ? {}
        : { languageMinConfidence: query.languageMinConfidence }),
      ...(deferral ? { deferral } : {}),
      silentZeros: silentZeroSpec(p, {
        shape,
        since: query.since,
        until: query.until,
        ...(p.canary ? { canary: p.canary } : {}),
      }),
      isRandom,
      options,
      ...(q.kind === "actors"
        ? { prepare: (plan: RunPlan) => this.#fetchAuthors(plan, q.query, options.signal) }
        : {}),
      context: async (plan) => {
        const base = {
          tier,
          pseudonymize: p.pseudonymize,
          keepAuthorHandles: p.keepAuthorHandles,
          languageDetector: await p.languageDetector(),
        };
        if (q.kind === "terms") return { ...base, matchTerms: (v) => matchedTerms(terms, v) };
        const authors = new Map<string, AuthorInfo>();
        for (const [name, info] of Object.entries(authorsOf(plan))) {
          if (!("unavailable" in info)) authors.set(name, info);
        }
        return { ...base, matchTerms: (v) => [`@${v.username.toLowerCase()}`], authors };
      },
      recordShare: async (stats, completed) => {
        if (query.maxResults !== undefined || isRandom) return; // capped or sampled runs say little about cost
        const days = (query.until.getTime() - query.since.getTime()) / DAY_MS;
        const invocation = `${p.workerId ?? "solo"}@${stats.startedAt}`;
        const { startedAt: _, ...costs } = stats;
        await recordHistory(
          p.checkpoints,
          { shape, runId: spec.runId, days, completed, ...costs },
          invocation,
          p.clock.now(),
        );
      },
    };
    const lagWarning = ingestionLagWarning(query.until, p.clock.now(), p.ingestionLagDays);
    if (lagWarning) p.logger.warn(lagWarning, { until: query.until.toISOString() });
    const ruleChange = eligibilityWarning(query.since, query.until);
    if (ruleChange) p.logger.warn(ruleChange);
    if (p.windowPlan === "adaptive" && !isRandom) {
      spec.planners = {
        planners: new WindowPlanners(p.windowDays, p.maxCount, parts.length),
        history: () => readPlannerHistory(p.checkpoints, shape),
        save: (learnt) => savePlannerHistory(p.checkpoints, shape, learnt, p.clock.now()),
      };
    }
    if (p.concurrency > 1) spec.concurrency = p.concurrency;
    yield* runVideoCollection(p, spec);
  }

  #shape(kind: string, parts: readonly { label: string; query: unknown }[]): string {
    return `${kind}:${fingerprint(parts.map((part) => part.query))}`;
  }

  /** collectByActors: user info once per run, kept in the run's plan (a resume does not refetch it). */
  async #fetchAuthors(plan: RunPlan, query: ActorsQuery, signal?: AbortSignal): Promise<boolean> {
    const authors = authorsOf(plan);
    plan.data = { ...plan.data, authors };
    let changed = false;
    for (const username of new Set(query.actors)) {
      if (authors[username]) continue;
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
        authors[username] = value;
      } catch (error) {
        if (!isArenaError(error) || error.verdict !== "skip-target") throw error;
        this.#p.logger.warn(`no user info for ${username}: ${error.message}`);
        authors[username] = { unavailable: error.message };
      }
      changed = true;
    }
    return changed;
  }
}

type Authors = Record<string, AuthorInfo | { unavailable: string }>;

/** collectByActors: the user info kept in the run's plan (a resume does not refetch it). */
const authorsOf = (plan: RunPlan): Authors => (plan.data?.authors as Authors | undefined) ?? {};
