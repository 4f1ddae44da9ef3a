import type { Clock } from "./clock.js";
import type { CorpusOptions } from "./corpus/corpus-options.js";
import type { FaultOptions } from "./faults.js";
import type { LivingCorpusOptions } from "./living/living-corpus.js";
import type { QuotaOptions } from "./quota.js";

/** A client_key/client_secret pair the token endpoint accepts. */
export interface ClientCredentials {
  readonly clientKey: string;
  readonly clientSecret: string;
}

/** The documented demo credentials, accepted unless `clients` says otherwise. Not a secret. */
export const DEMO_CLIENT: ClientCredentials = Object.freeze({
  clientKey: "demo-client-key",
  clientSecret: "demo-client-secret-0000",
});

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Seeds the corpus, tokens, search ids and (unless faults.faultSeed) the faults. Default 42. */
  seed?: number;
  corpus?: CorpusOptions;
  /** Accepted credentials (default [DEMO_CLIENT]). */
  clients?: readonly ClientCredentials[];
  /** The emulator's notion of now: token expiry, the quota day, ingestion lag, engagement growth. */
  clock?: Clock;
  /** Lifetime of access tokens (default 7200 s). */
  tokenTtlSeconds?: number;
  quota?: QuotaOptions;
  faults?: FaultOptions;
  /** Added to every response (default 0). */
  latencyMs?: number;
  /** Videos become searchable this many days after posting (default 2). */
  ingestionLagDays?: number;
  /** Whether end_date's own day is searched (default true, as the official wrapper and traktok read it). */
  endDateInclusive?: boolean;
  /** Most field_values one query condition may list, e.g. video ids for re-collection (default 100). */
  maxFieldValues?: number;
  /** How long a search_id stays valid (default 86,400 s). */
  searchIdTtlSeconds?: number;
  /** How many search_id result sets are kept (default 5,000; least recently used go first). */
  searchCacheSize?: number;
  /** A living corpus: per-video ingestion lags and deletions over time (see `LivingCorpus`). */
  living?: LivingCorpusOptions;
}

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly clients: readonly ClientCredentials[];
  readonly tokenTtlSeconds: number;
  readonly latencyMs: number;
  readonly ingestionLagDays: number;
  readonly endDateInclusive: boolean;
  readonly maxFieldValues: number;
  readonly searchIdTtlSeconds: number;
  readonly searchCacheSize: number;
}

function nonNegative(value: number | undefined, fallback: number, name: string, integer = false): number {
  const v = value ?? fallback;
  if (!(v >= 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
    throw new RangeError(`${name} must be a non-negative ${integer ? "integer" : "number"}`);
  }
  return v;
}

export function resolveOptions(o: EmulatorOptions): ResolvedOptions {
  const clients = o.clients ?? [DEMO_CLIENT];
  if (clients.length === 0) throw new RangeError("clients must list at least one credential pair");
  for (const c of clients) {
    if (!c.clientKey || !c.clientSecret)
      throw new RangeError("every client needs a clientKey and a clientSecret");
  }
  const seed = o.seed ?? 42;
  if (!Number.isInteger(seed)) throw new RangeError("seed must be an integer");
  return {
    port: nonNegative(o.port, 0, "port", true),
    host: o.host ?? "127.0.0.1",
    seed,
    clients,
    tokenTtlSeconds: nonNegative(o.tokenTtlSeconds, 7_200, "tokenTtlSeconds"),
    latencyMs: nonNegative(o.latencyMs, 0, "latencyMs"),
    ingestionLagDays: nonNegative(o.ingestionLagDays, 2, "ingestionLagDays"),
    endDateInclusive: o.endDateInclusive ?? true,
    maxFieldValues: Math.max(1, nonNegative(o.maxFieldValues, 100, "maxFieldValues", true)),
    searchIdTtlSeconds: nonNegative(o.searchIdTtlSeconds, 86_400, "searchIdTtlSeconds"),
    searchCacheSize: Math.max(1, nonNegative(o.searchCacheSize, 5_000, "searchCacheSize", true)),
  };
}
