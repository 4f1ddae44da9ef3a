import { type CachedToken, isTokenUsable, type TokenCache, type TokenRefreshOptions } from "../ports/token-cache.js";

/** In-process token cache; concurrent refreshes of one key merge into one call. */
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
    const cached = await this.get(key);
    if (isTokenUsable(cached, options)) return cached;
    const pending = this.#inflight.get(key);
    if (pending) return pending;
    const flight = (async () => {
      try {
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
