/** The research pool's key has no pool segment: `credential:quota:{id}:daily`. */
export const RESEARCH_POOL = "research";

/**
 * Every key the adapters write, under one configurable prefix (default `observatory:`). The prefix is
 * used verbatim, so include a separator: `"team-a:"`.
 */
export interface RedisKeys {
  readonly prefix: string;
  /** Hash of one credential's pool for the current UTC day; expires at the next 00:00 UTC. */
  quota(credential: string, pool: string): string;
  /** Marker (no expiry) that tells whether the server lost its data since a ledger last saw it. */
  readonly quotaEpoch: string;
  /** Set (until 00:00 UTC) when the quota counters were lost during the day. */
  readonly quotaLost: string;
  /** JSON `{ accessToken, expiresAt }`, expiring with the token. */
  token(key: string): string;
  /** The single-flight refresh lock (SET NX PX, owner id). */
  tokenLock(key: string): string;
  /** A refresh that just failed, so waiters fail with it instead of stampeding (short expiry). */
  tokenFailure(key: string): string;
  /** Hash of one run: partition → checkpoint JSON. */
  checkpoints(runId: string): string;
  /**
   * One partition's lease (value = owner, expiring): `lease:<runId, URI-encoded>:<partition>`. The run id
   * is encoded so that no run id / partition pair can name another pair's key.
   */
  lease(runId: string, partition: string): string;
  /** Bottleneck's cluster id; Bottleneck stores `b_<id>_settings`, `b_<id>_running`, … */
  limiterId(id: string): string;
}

export function redisKeys(prefix = "observatory:"): RedisKeys {
  return {
    prefix,
    quota: (credential, pool) =>
      pool === RESEARCH_POOL
        ? `${prefix}credential:quota:${credential}:daily`
        : `${prefix}credential:quota:${credential}:${pool}:daily`,
    quotaEpoch: `${prefix}ledger:epoch`,
    quotaLost: `${prefix}ledger:counters-lost`,
    token: (key) => `${prefix}credential:token:${key}`,
    tokenLock: (key) => `${prefix}credential:token:${key}:lock`,
    tokenFailure: (key) => `${prefix}credential:token:${key}:failure`,
    checkpoints: (runId) => `${prefix}checkpoint:${runId}`,
    lease: (runId, partition) => `${prefix}lease:${encodeURIComponent(runId)}:${partition}`,
    limiterId: (id) => `${prefix}limiter:${id}`,
  };
}
