/** An access token and when it expires (epoch ms). */
export interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

export interface TokenRefreshOptions {
  /** A cached token with less validity left than this is refreshed proactively. */
  minValidityMs: number;
  /** A token the platform just rejected (401): never hand it out again, even if its expiry says valid. */
  rejected?: string;
  /** Epoch ms "now" from the caller's clock. */
  now: number;
}

/**
 * Token per credential. `getOrRefresh` is single-flight: concurrent callers (in one process, and for
 * shared adapters across processes) wait for one refresh instead of each requesting a token.
 */
export interface TokenCache {
  get(key: string): Promise<CachedToken | undefined>;
  set(key: string, token: CachedToken): Promise<void>;
  delete(key: string): Promise<void>;
  getOrRefresh(
    key: string,
    refresh: () => Promise<CachedToken>,
    options: TokenRefreshOptions,
  ): Promise<CachedToken>;
}

/** True when `token` can be used at `now` for at least `minValidityMs`, and is not the rejected one. */
export function isTokenUsable(
  token: CachedToken | undefined,
  options: TokenRefreshOptions,
): token is CachedToken {
  return (
    token !== undefined &&
    token.accessToken !== options.rejected &&
    token.expiresAt - options.now >= options.minValidityMs
  );
}
