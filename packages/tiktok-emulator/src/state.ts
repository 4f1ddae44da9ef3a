import type { Clock } from "./clock.js";
import { CommerceState } from "./commerce/commerce-corpus.js";
import { Corpus } from "./corpus/corpus.js";
import { generateCorpus } from "./corpus/generate.js";
import { FaultInjector } from "./faults.js";
import { Identifiers } from "./identifiers.js";
import { LivingCorpus } from "./living/living-corpus.js";
import { Lru } from "./lru.js";
import type { EmulatorOptions, ResolvedOptions } from "./options.js";
import { QuotaLedger } from "./quota.js";
import { Rng } from "./random/prng.js";
import { VideoRenderer } from "./render/video.js";
import { SearchCache } from "./search-cache.js";
import { StatsRecorder } from "./stats.js";
import { TokenStore } from "./tokens.js";

/** Everything one emulator instance owns; nothing lives at module level. */
export interface EmulatorState {
  readonly options: ResolvedOptions;
  readonly clock: Clock;
  readonly corpus: Corpus;
  /** client_key → client_secret. */
  readonly secrets: ReadonlyMap<string, string>;
  readonly ids: Identifiers;
  readonly tokens: TokenStore;
  readonly quota: QuotaLedger;
  readonly faults: FaultInjector;
  readonly searches: SearchCache;
  readonly videos: VideoRenderer;
  readonly sampling: Rng;
  readonly stats: StatsRecorder;
  /** Parsed `fields` per endpoint and raw parameter. */
  readonly fieldSets: Lru<string, ReadonlySet<string>>;
  /** Set with the `living` option: late ingestion and deletions over time. */
  readonly living: LivingCorpus | undefined;
  /** The endpoints added since the nine classic ones: their data and tasks. */
  readonly commerce: CommerceState;
}

export function createState(options: ResolvedOptions, input: EmulatorOptions, clock: Clock): EmulatorState {
  const ids = new Identifiers(options.seed);
  const holder: { living?: LivingCorpus } = {};
  const corpus = new Corpus(generateCorpus(options.seed, input.corpus), {
    clock,
    ingestionLagDays: options.ingestionLagDays,
    endDateInclusive: options.endDateInclusive,
    maxFieldValues: options.maxFieldValues,
    ...(input.living ? { lateIngestion: (index: number) => holder.living?.extraLagSeconds(index) ?? 0 } : {}),
  });
  if (input.living) holder.living = new LivingCorpus(corpus, options.seed, input.living);
  return {
    options,
    clock,
    corpus,
    secrets: new Map(options.clients.map((c) => [c.clientKey, c.clientSecret])),
    ids,
    tokens: new TokenStore(clock, ids, options.tokenTtlSeconds),
    quota: new QuotaLedger(clock, input.quota),
    faults: new FaultInjector(options.seed, input.faults),
    searches: new SearchCache(clock, ids, options.searchCacheSize, options.searchIdTtlSeconds),
    videos: new VideoRenderer(corpus.videoCount),
    sampling: new Rng(options.seed, "sampling"),
    stats: new StatsRecorder(),
    fieldSets: new Lru(256),
    living: holder.living,
    commerce: new CommerceState(corpus),
  };
}
