/** Helpers for this package's tests: a movable clock and a small HTTP client for the emulator. */

import { type JsonValue, parseLossless } from "./json/lossless.js";
import { DEMO_CLIENT } from "./options.js";

export class TestClock {
  constructor(public ms: number = Date.UTC(2026, 10, 24, 12)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Reply {
  status: number;
  contentType: string;
  text: string;
  /** Parsed losslessly (big integers as bigint); undefined when the body is not JSON. */
  json: JsonValue | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read deep response members.
export type Loose = any;

export class ApiClient {
  token = "";
  constructor(readonly baseUrl: string) {}

  async fetchToken(key = DEMO_CLIENT.clientKey, secret = DEMO_CLIENT.clientSecret): Promise<Reply> {
    const res = await fetch(`${this.baseUrl}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_key: key, client_secret: secret, grant_type: "client_credentials" }),
    });
    return this.#reply(res);
  }

  async login(key?: string, secret?: string): Promise<string> {
    const reply = await this.fetchToken(key, secret);
    this.token = (reply.json as Loose).access_token;
    return this.token;
  }

  /** POSTs to /v2/research/<path>; a string body is sent as is (for raw int64 ids). */
  async post(path: string, body: unknown, fields?: string, token = this.token): Promise<Reply> {
    const query = fields === undefined ? "" : `?fields=${encodeURIComponent(fields)}`;
    const res = await fetch(`${this.baseUrl}/v2/research/${path}${query}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return this.#reply(res);
  }

  async #reply(res: Response): Promise<Reply> {
    const text = await res.text();
    let json: JsonValue | undefined;
    try {
      json = parseLossless(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, json };
  }
}

/** A video/query body over a window (defaults: #dkpol, September 2026). */
export function videoQuery(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    query: { and: [{ field_name: "hashtag_name", operation: "EQ", field_values: ["dkpol"] }] },
    start_date: "20260901",
    end_date: "20260930",
    ...extra,
  };
}
