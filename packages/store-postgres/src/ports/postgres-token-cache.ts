import {
  type CachedToken,
  isTokenUsable,
  type TokenCache,
  type TokenRefreshOptions,
} from "@observatory/arena-core";
import type { SqlClient, SqlQueryable } from "../sql/sql-client.js";

interface TokenRow {
  access_token: string;
  expires_at: string;
}

const GET = "SELECT access_token, expires_at FROM access_tokens WHERE cache_key = $1";
const SET = `INSERT INTO access_tokens (cache_key, access_token, expires_at, updated_at) VALUES ($1, $2, $3, now())
  ON CONFLICT (cache_key) DO UPDATE SET access_token = EXCLUDED.access_token, expires_at = EXCLUDED.expires_at,
    updated_at = EXCLUDED.updated_at`;

const toToken = (row: TokenRow | undefined): CachedToken | undefined =>
  row ? { accessToken: row.access_token, expiresAt: Date.parse(row.expires_at) } : undefined;

/**
 * The token cache in PostgreSQL (`access_tokens`). `getOrRefresh` is single-flight: within a process
 * concurrent callers share one promise; across processes the refresh runs under a transaction-scoped
 * advisory lock on the key, so a second process waits and then finds the fresh token instead of
 * asking the platform for another. The row holds a short-lived access token, never the client secret.
 */
export class PostgresTokenCache implements TokenCache {
  readonly #client: SqlClient;
  readonly #inFlight = new Map<string, Promise<CachedToken>>();

  constructor(client: SqlClient) {
    this.#client = client;
  }

  async get(key: string): Promise<CachedToken | undefined> {
    const { rows } = await this.#client.query<TokenRow>(GET, [key]);
    return toToken(rows[0]);
  }

  async set(key: string, token: CachedToken): Promise<void> {
    await this.#client.query(SET, [key, token.accessToken, new Date(token.expiresAt).toISOString()]);
  }

  async delete(key: string): Promise<void> {
    await this.#client.query("DELETE FROM access_tokens WHERE cache_key = $1", [key]);
  }

  async getOrRefresh(
    key: string,
    refresh: () => Promise<CachedToken>,
    options: TokenRefreshOptions,
  ): Promise<CachedToken> {
    const cached = await this.get(key);
    if (isTokenUsable(cached, options)) return cached;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const flight = this.#refresh(key, refresh, options).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, flight);
    return flight;
  }

  async #refresh(key: string, refresh: () => Promise<CachedToken>, options: TokenRefreshOptions) {
    const underLock = async (tx: SqlQueryable) => {
      const { rows } = await tx.query<TokenRow>(GET, [key]);
      const current = toToken(rows[0]);
      // Another process refreshed while this one waited for the lock.
      if (isTokenUsable(current, options)) return current;
      const fresh = await refresh();
      await tx.query(SET, [key, fresh.accessToken, new Date(fresh.expiresAt).toISOString()]);
      return fresh;
    };
    if (this.#client.backend === "pglite") {
      // One process per PGlite database: the in-process single flight is all there is to merge. The
      // refresh runs outside a transaction so that it may use the database itself.
      return underLock(this.#client);
    }
    return this.#client.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('observatory-token:' || $1))", [key]);
      return underLock(tx);
    });
  }
}
