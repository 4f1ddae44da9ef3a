import {
  type ActorsQuery,
  type ActorsQueryInput,
  type ArenaCollector,
  actorsQuerySchema,
  type CheckpointStore,
  type Clock,
  type CollectOptions,
  type ContentRecord,
  type CostEstimate,
  createDefaultLanguageDetector,
  DAY_MS,
  DataError,
  type HealthReport,
  isActorsQuery,
  isArenaError,
  type LanguageDetector,
  type Logger,
  type Pseudonym,
  parseInput,
  type QuotaLedger,
  type QuotaSnapshot,
  type TermsQuery,
  type TermsQueryInput,
  type Tier,
  termsQuerySchema,
} from "@observatory/arena-core";
import type { TokenManager } from "./auth/token-manager.js";
import { estimateVideoCost, recordHistory } from "./cost/estimate-cost.js";
import { USER_INFO_ENDPOINT, USER_INFO_FIELDS, userInfoSchema } from "./endpoints/user-info.js";
import { VIDEO_QUERY_ENDPOINT, videoPageSchema } from "./endpoints/video-query.js";
import type { ResearchClient } from "./http/research-client.js";
import type { AuthorInfo } from "./normalize/video-record.js";
import { toApiDate } from "./query/api-date.js";
import { inValues } from "./query/conditions.js";
import { actorsToVideoQueries, matchedTerms, termsToVideoQueries } from "./query/terms-query.js";
import { fingerprint } from "./run/fingerprint.js";
import { deriveRunId } from "./run/run-id.js";
import type { RunPlan } from "./run/run-plan.js";
import { runVideoCollection, type VideoRunDeps, type VideoRunSpec } from "./run/video-run.js";

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
}

export class TikTokCollector implements ArenaCollector {
  readonly platform = "tiktok";
  readonly arena = "social_media";
  readonly supportedTiers: readonly Tier[] = ["free"];
  readonly #p: CollectorParts;
  #detector: Promise<LanguageDetector> | undefined;

  constructor(parts: CollectorParts) {
    this.#p = parts;
    if (parts.languageDetector) this.#detector = Promise.resolve(parts.languageDetector);
  }

  /** Requests sent to the API by this collector (data requests; token requests separately). */
  get stats(): { requests: number; retries: number; refreshes: number; tokenRequests: number } {
    const { requests, retries, refreshes } = this.#p.client.stats;
    return { requests, retries, refreshes, tokenRequests: this.#p.tokens.requests };
  }

  collectByTerms(input: TermsQueryInput, options: TikTokCollectOptions = {}): AsyncIterable<ContentRecord> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const query = parseInput(termsQuerySchema, input, "terms query");
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

  async healthCheck(): Promise<HealthReport> {
    const { clock, client } = this.#p;
    const started = clock.now();
    const checkedAt = () => new Date(clock.now()).toISOString();
    const day = Math.floor(started / DAY_MS) * DAY_MS - 3 * DAY_MS;
    try {
      await client.call(
        VIDEO_QUERY_ENDPOINT,
        {
          query: { and: [inValues("region_code", ["DK"])] },
          start_date: toApiDate(new Date(day)),
          end_date: toApiDate(new Date(day)),
          max_count: 1,
        },
        {
          pool: "research",
          fields: ["id"],
          parse: (d) => videoPageSchema.parse(d),
          describe: "health check",
        },
      );
      const quota = await this.#quotaSnapshot();
      return {
        status: "ok",
        detail: `token and video query work; ${quota.requestsLimit - quota.requestsUsed} requests left today`,
        checkedAt: checkedAt(),
        latencyMs: clock.now() - started,
        quota,
      };
    } catch (error) {
      const quota = await this.#quotaSnapshot().catch(() => undefined);
      const message = isArenaError(error)
        ? error.message
        : `unexpected failure: ${(error as Error)?.message}`;
      const degraded =
        isArenaError(error) && (error.failureType === "quota" || error.failureType === "transient");
      return {
        status: degraded ? "degraded" : "down",
        detail: message,
        checkedAt: checkedAt(),
        latencyMs: clock.now() - started,
        ...(quota ? { quota } : {}),
      };
    }
  }

  async estimateCost(input: TermsQueryInput | ActorsQueryInput): Promise<CostEstimate> {
    const p = this.#p;
    let query: TermsQuery | ActorsQuery;
    let partitions: number;
    let shape: string;
    let extra = 0;
    if (isActorsQuery(input)) {
      const q = parseInput(actorsQuerySchema, input, "actors query");
      const batches = actorsToVideoQueries(q, p.actorsPerQuery);
      partitions = batches.length;
      shape = this.#shape("actors", batches);
      extra = new Set(q.actors).size; // one user-info request per actor
      query = q;
    } else {
      const q = parseInput(termsQuerySchema, input, "terms query");
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
      quotaSnapshot: () => this.#quotaSnapshot(),
      onCompleted: async (s, stats) => {
        if (s.maxResults !== undefined || s.isRandom) return; // capped or sampled runs say little about cost
        const days = ((s.until.getTime() - s.since.getTime()) / DAY_MS) as number;
        await recordHistory(p.checkpoints, shape, { days, ...stats }, p.clock.now());
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
    this.#detector ??= createDefaultLanguageDetector();
    return {
      tier,
      pseudonymize: this.#p.pseudonymize,
      keepAuthorHandles: this.#p.keepAuthorHandles,
      languageDetector: await this.#detector,
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

  async #quotaSnapshot(): Promise<QuotaSnapshot> {
    const state = await this.#p.quota.state(this.#p.credentialId, "research");
    return {
      pool: state.pool,
      requestsUsed: state.requestsUsed,
      requestsLimit: state.requestsLimit,
      recordsUsed: state.recordsUsed,
      recordsLimit: state.recordsLimit,
      resetsAt: new Date(state.resetsAt).toISOString(),
    };
  }
}
