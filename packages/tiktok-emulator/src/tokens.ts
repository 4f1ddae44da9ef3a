import type { Clock } from "./clock.js";
import type { Identifiers } from "./identifiers.js";

export interface TokenRecord {
  readonly token: string;
  readonly clientKey: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  revoked: boolean;
  /** Research requests served with this token. */
  uses: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly record: TokenRecord }
  | { readonly ok: false; readonly reason: "missing" | "unknown" | "expired" | "revoked" };

/** Issued client access tokens, judged by the emulator's clock. */
export class TokenStore {
  readonly #tokens = new Map<string, TokenRecord>();
  readonly #clock: Clock;
  readonly #ids: Identifiers;
  readonly ttlSeconds: number;

  constructor(clock: Clock, ids: Identifiers, ttlSeconds: number) {
    this.#clock = clock;
    this.#ids = ids;
    this.ttlSeconds = ttlSeconds;
  }

  issue(clientKey: string): TokenRecord {
    const record: TokenRecord = {
      token: this.#ids.accessToken(),
      clientKey,
      expiresAt: this.#clock.now() + this.ttlSeconds * 1000,
      revoked: false,
      uses: 0,
    };
    this.#tokens.set(record.token, record);
    return record;
  }

  /** Checks an `Authorization` header value ("Bearer clt.…"). */
  check(authorization: string | undefined): TokenCheck {
    if (!authorization) return { ok: false, reason: "missing" };
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, reason: "missing" };
    const record = this.#tokens.get(match[1] as string);
    if (!record) return { ok: false, reason: "unknown" };
    if (record.revoked) return { ok: false, reason: "revoked" };
    if (this.#clock.now() >= record.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, record };
  }
}
