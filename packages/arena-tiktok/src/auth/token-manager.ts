import {
  type CachedToken,
  type Clock,
  DataError,
  type SecretRegistry,
  type TokenCache,
} from "@observatory/arena-core";
import { tokenResponseSchema } from "./token-response.js";

export interface TokenManagerOptions {
  clientKey: string;
  clientSecret: string;
  /** Names the credential in cache keys. */
  credentialId: string;
  cache: TokenCache;
  clock: Clock;
  secrets: SecretRegistry;
  /** Sends the form-encoded token request and returns the parsed body (the transport retries 5xx). */
  requestToken: (form: URLSearchParams, signal?: AbortSignal) => Promise<unknown>;
  /** Refresh when less than this is left (default 10 minutes). */
  refreshBeforeMs?: number;
}

/**
 * Client-credentials tokens (there is no refresh token: the endpoint is called again). Cached through
 * the `TokenCache` port, refreshed proactively when < 10 minutes remain and at once after a 401;
 * concurrent refreshes merge into one request (the cache port is single-flight).
 */
export class TokenManager {
  readonly #options: TokenManagerOptions;
  readonly #key: string;
  readonly #refreshBeforeMs: number;
  #lifetimeMs = 2 * 3600_000;
  /** Token requests this instance sent. */
  requests = 0;

  constructor(options: TokenManagerOptions) {
    this.#options = options;
    this.#key = `tiktok:${options.credentialId}`;
    this.#refreshBeforeMs = options.refreshBeforeMs ?? 10 * 60_000;
    options.secrets.add(options.clientSecret);
  }

  /**
   * A usable token; `rejected` is a token the API just refused (it is never handed out again).
   * `signal` stops a token request this call sends (Ctrl-C while the token endpoint is slow); a
   * request another caller started (the cache is single-flight) runs under that caller's signal.
   */
  async token(rejected?: string, signal?: AbortSignal): Promise<string> {
    const { cache, clock } = this.#options;
    const token = await cache.getOrRefresh(this.#key, () => this.#fetch(signal), {
      minValidityMs: Math.min(this.#refreshBeforeMs, this.#lifetimeMs / 2),
      now: clock.now(),
      ...(rejected === undefined ? {} : { rejected }),
    });
    this.#options.secrets.add(token.accessToken);
    return token.accessToken;
  }

  async #fetch(signal: AbortSignal | undefined): Promise<CachedToken> {
    const { clientKey, clientSecret, clock, requestToken } = this.#options;
    const form = new URLSearchParams({
      client_key: clientKey,
      client_secret: clientSecret,
      grant_type: "client_credentials",
    });
    this.requests++;
    const body = await requestToken(form, signal);
    const parsed = tokenResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new DataError(
        "The token endpoint answered without an access_token/expires_in: the API changed?",
        {
          code: "token_response_invalid",
        },
      );
    }
    const { access_token: accessToken, expires_in: expiresIn } = parsed.data;
    this.#options.secrets.add(accessToken);
    // A token that lives less than twice the refresh margin is refreshed at half its life instead.
    this.#lifetimeMs = expiresIn * 1000;
    return { accessToken, expiresAt: clock.now() + expiresIn * 1000 };
  }
}
