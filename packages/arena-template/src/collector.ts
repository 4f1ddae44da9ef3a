import {
  type ActorsQuery,
  type ActorsQueryInput,
  type ArenaCollector,
  actorsQuerySchema,
  type CollectOptions,
  type ContentRecord,
  type CostEstimate,
  createPseudonymizer,
  DAY_MS,
  dateWindows,
  deriveRunId,
  type EngineDeps,
  fingerprint,
  type HealthReport,
  isActorsQuery,
  isArenaError,
  MemoryCheckpointStore,
  type Page,
  type PageSource,
  parseInput,
  realSleep,
  redactingLogger,
  runCollection,
  SecretRegistry,
  silentLogger,
  systemClock,
  type TermsQuery,
  type TermsQueryInput,
  termsQuerySchema,
} from "@observatory/arena-core";
import { type ApiPost, apiPostSchema, ExampleClient } from "./client.js";
import { normalizePost } from "./normalize.js";
import {
  type ExampleCollectorOptions,
  exampleOptionsSchema,
  type ResolvedExampleOptions,
} from "./options.js";

/** One partition: a query string of the platform, and the words that mark a match. */
interface Partition {
  q: string;
  matches: (post: ApiPost) => string[];
}

/**
 * The arena: what it supplies to arena-core's engine is only its own — a request for a window and
 * cursor (`fetchPage`), how to read a page, its error table (in the client), and `normalise`.
 * Everything else (checkpoints per page, resume, split, give-up, leases, progress, maxResults) is the
 * engine's. REPLACE: platform, arena, the partitions of a query.
 */
export class ExampleCollector implements ArenaCollector {
  readonly platform = "example";
  readonly arena = "social_media";
  readonly supportedTiers = ["free"] as const;
  readonly client: ExampleClient;
  readonly #o: ResolvedExampleOptions;
  readonly #deps: EngineDeps;
  readonly #pseudonymize: ReturnType<typeof createPseudonymizer>;

  constructor(input: ExampleCollectorOptions) {
    const o = parseInput(exampleOptionsSchema, input, "example collector options");
    const secrets = new SecretRegistry();
    secrets.add(o.apiKey);
    const clock = o.clock ?? systemClock;
    const logger = redactingLogger(o.logger ?? silentLogger, secrets);
    this.#o = o;
    this.#deps = {
      checkpoints: o.checkpoints ?? new MemoryCheckpointStore(),
      clock,
      logger,
      sleep: o.sleep ?? realSleep,
    };
    this.#pseudonymize = createPseudonymizer({ salt: o.pseudonymSalt });
    this.client = new ExampleClient({
      baseUrl: o.baseUrl,
      apiKey: o.apiKey,
      fetch: o.fetch ?? globalThis.fetch,
      sleep: o.sleep ?? realSleep,
      logger,
      maxAttempts: o.maxAttempts,
      now: () => clock.now(),
    });
  }

  collectByTerms(input: TermsQueryInput, options: CollectOptions = {}): AsyncIterable<ContentRecord> {
    return this.#collect(
      "terms",
      () => {
        const query = parseInput(termsQuerySchema, input, "terms query");
        const words = [...(query.terms ?? []), ...(query.termGroups ?? []).flat()].map((t) =>
          t.toLowerCase(),
        );
        const matches = (post: ApiPost) => words.filter((w) => post.text.toLowerCase().includes(w));
        return { query, partitions: [{ label: "terms", query: { q: words.join(" "), matches } }] };
      },
      options,
    );
  }

  collectByActors(input: ActorsQueryInput, options: CollectOptions = {}): AsyncIterable<ContentRecord> {
    return this.#collect(
      "actors",
      () => {
        const query = parseInput(actorsQuerySchema, input, "actors query");
        const actors = [...new Set(query.actors)];
        return {
          query,
          partitions: actors.map((actor) => ({
            label: `actor:${actor}`,
            query: { q: `from:${actor}`, matches: () => [`@${actor}`] },
          })),
        };
      },
      options,
    );
  }

  /** Never throws: one cheap request. REPLACE with the platform's free status endpoint if it has one. */
  async healthCheck(): Promise<HealthReport> {
    const checkedAt = new Date(this.#deps.clock.now()).toISOString();
    try {
      const until = new Date(Math.floor(this.#deps.clock.now() / DAY_MS) * DAY_MS);
      await this.client.search({
        q: "health",
        since: new Date(until.getTime() - DAY_MS),
        until,
        cursor: 0,
        limit: 1,
      });
      return { status: "ok", detail: "the API answered", checkedAt };
    } catch (error) {
      return { status: "down", detail: isArenaError(error) ? error.message : String(error), checkedAt };
    }
  }

  /** At least one request per partition × window; two pages per window as the rule of thumb. */
  async estimateCost(input: TermsQueryInput | ActorsQueryInput): Promise<CostEstimate> {
    const query: TermsQuery | ActorsQuery = isActorsQuery(input)
      ? parseInput(actorsQuerySchema, input, "actors query")
      : parseInput(termsQuerySchema, input, "terms query");
    const partitions = "actors" in query ? new Set(query.actors).size : 1;
    const windows = dateWindows(query.since, query.until, this.#o.windowDays).length;
    const min = partitions * windows;
    return {
      requests: { min, expected: 2 * min, max: 10 * min },
      records: { expected: 2 * min * this.#o.pageSize },
      quotaDays: 0,
      money: { free: 0 },
      basis: "partitions",
      partitions,
      windows,
      notes: ["two pages per window assumed"],
    };
  }

  #collect(
    kind: string,
    parse: () => { query: TermsQuery | ActorsQuery; partitions: { label: string; query: Partition }[] },
    options: CollectOptions,
  ): AsyncIterable<ContentRecord> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const { query, partitions } = parse();
        yield* runCollection(self.#deps, {
          kind,
          runId: options.runId ?? deriveRunId("example", kind, query),
          fingerprint: fingerprint(query),
          options,
          partitions,
          windows: dateWindows(query.since, query.until, self.#o.windowDays),
          leases: true,
          ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
          unit: "window",
          source: self.#source(),
          requests: () => self.client.requests,
        });
      },
    };
  }

  /** The arena's part of the engine: the request for a window and cursor, and the normaliser. */
  #source(): PageSource<Partition, Page<unknown>, ContentRecord> {
    const { client } = this;
    const ctx = { pseudonymize: this.#pseudonymize, languageDetector: this.#o.languageDetector };
    const clock = this.#deps.clock;
    const logger = this.#deps.logger;
    return {
      fetchPage: async ({ task, cursor, signal }) => {
        const window = task.window as { since: Date; until: Date };
        const from = Number(cursor.cursor ?? 0);
        const page = await client.search({
          q: task.query.q,
          since: window.since,
          until: window.until,
          cursor: from,
          limit: this.#o.pageSize,
          ...(signal ? { signal } : {}),
        });
        return {
          items: page.posts,
          next: page.next === undefined ? {} : { cursor: String(page.next) },
          done: page.next === undefined,
        };
      },
      normalise: (item, _index, _page, { task }) => {
        const parsed = apiPostSchema.safeParse(item);
        if (!parsed.success) {
          logger.warn(`skipped an item of ${task.label} that does not match the documented shape`);
          return undefined;
        }
        const post = parsed.data;
        const record = normalizePost(post, {
          ...ctx,
          collectedAt: clock.now(),
          matchTerms: task.query.matches,
        });
        return { key: post.id, id: post.id, value: record };
      },
    };
  }
}

export function createExampleCollector(options: ExampleCollectorOptions): ExampleCollector {
  return new ExampleCollector(options);
}
