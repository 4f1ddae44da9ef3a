import {
  type CachedToken,
  isTokenUsable,
  type TokenCache,
  type TokenRefreshOptions,
} from "../ports/token-cache.js";

/**
 * In-process token cache; concurrent refreshes of one key merge into one call. The whole
 * read-check-refresh-store sequence is one flight per key, so a slow store (the file-backed subclass)
 * cannot let a second caller read the old token and refresh again.
 */
export class MemoryTokenCache implements TokenCache {
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inflight = new Map<string, Promise<CachedToken>>();

  async get(key: string): Promise<CachedToken | undefined> {
    return this.#tokens.get(key);
  }

  async set(key: string, token: CachedToken): Promise<void> {
    this.#tokens.set(key, token);
  }

  async delete(key: string): Promise<void> {
    this.#tokens.delete(key);
  }

  async getOrRefresh(
    key: string,
    refresh: () => Promise<CachedToken>,
    options: TokenRefreshOptions,
  ): Promise<CachedToken> {
    const pending = this.#inflight.get(key);
    if (pending) {
      const token = await pending;
      // A flight started before this caller's token was rejected may bring that very token back
      // (read from the cache): then this caller needs a flight of its own.
      if (token.accessToken !== options.rejected && token.expiresAt > options.now) return token;
      return this.getOrRefresh(key, refresh, options);
    }
    const flight = (async () => {
      try {
        const cached = await this.get(key);
        const rejectedInStore = options.rejected !== undefined && cached?.accessToken === options.rejected;
        if (isTokenUsable(cached, options)) return cached;
        // The rejected token leaves the store now, so that no later caller (even one that does not
        // know it was rejected) is handed it, should the refresh fail.
        if (rejectedInStore) await this.delete(key);
        const token = await refresh();
        await this.set(key, token);
        return token;
      } finally {
        this.#inflight.delete(key);
      }
    })();
    this.#inflight.set(key, flight);
    return flight;
  }
}
