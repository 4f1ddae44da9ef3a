import {
  type ArenaError,
  AuthError,
  ConfigError,
  DataError,
  type Logger,
  nextUtcMidnight,
  QuotaExhaustedError,
  type Sleep,
  TransientError,
  throwIfAborted,
  UpstreamError,
} from "@observatory/arena-core";
import { z } from "zod";
import { classify, type Row } from "./error-table.js";

// REPLACE: the platform's page, as its API documents it. IDs stay strings (never numbers).
export const apiPostSchema = z
  .object({
    id: z.string().regex(/^\d+$/),
    text: z.string(),
    author: z.string(),
    created_at: z.string(),
    likes: z.number().int().nonnegative().nullish(),
    shares: z.number().int().nonnegative().nullish(),
    comments: z.number().int().nonnegative().nullish(),
  })
  .loose();
export type ApiPost = z.infer<typeof apiPostSchema>;

const pageSchema = z.object({
  posts: z.array(z.unknown()),
  next_cursor: z.number().int().nonnegative().nullable(),
});

export interface SearchRequest {
  /** REPLACE: the platform's query language; here a word list or "from:author". */
  q: string;
  since: Date;
  until: Date;
  cursor: number;
  limit: number;
  signal?: AbortSignal;
}

export interface SearchPage {
  posts: unknown[];
  next: number | undefined;
}

export interface ExampleClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch: typeof globalThis.fetch;
  sleep: Sleep;
  logger: Logger;
  maxAttempts: number;
  now: () => number;
}

/** REPLACE: the transport of the platform's one endpoint; classification comes from the error table only. */
export class ExampleClient {
  requests = 0;
  readonly #o: ExampleClientOptions;

  constructor(options: ExampleClientOptions) {
    this.#o = options;
  }

  async search(request: SearchRequest): Promise<SearchPage> {
    const url = new URL("v1/search", this.#o.baseUrl.endsWith("/") ? this.#o.baseUrl : `${this.#o.baseUrl}/`);
    url.searchParams.set("q", request.q);
    url.searchParams.set("since", request.since.toISOString());
    url.searchParams.set("until", request.until.toISOString());
    url.searchParams.set("cursor", String(request.cursor));
    url.searchParams.set("limit", String(request.limit));
    const what = `search "${request.q}" at cursor ${request.cursor}`;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(request.signal);
      let status = 0;
      let body: unknown;
      try {
        this.requests++;
        const response = await this.#o.fetch(url, {
          headers: { authorization: `Bearer ${this.#o.apiKey}` },
          ...(request.signal ? { signal: request.signal } : {}),
        });
        status = response.status;
        body = await response.json().catch(() => undefined);
      } catch (error) {
        throwIfAborted(request.signal);
        this.#o.logger.warn(`${what}: ${(error as Error).message}`);
      }
      const row = classify({ status, ...errorOf(body) });
      if (row.action === "success") {
        const page = pageSchema.safeParse(body);
        if (!page.success) throw new DataError(`The answer to ${what} does not match its documented shape.`);
        return { posts: page.data.posts, next: page.data.next_cursor ?? undefined };
      }
      if (row.action === "retry" && attempt < this.#o.maxAttempts) {
        await this.#o.sleep(500 * 2 ** (attempt - 1), request.signal);
        continue;
      }
      throw this.#error(row, status, what, attempt);
    }
  }

  #error(row: Row, status: number, what: string, attempts: number): ArenaError {
    const base = {
      status: status || undefined,
      verdict: row.verdict ?? "fail",
      details: { row: row.name, attempts, ...(row.targetStatus ? { targetStatus: row.targetStatus } : {}) },
    } as const;
    const message = `${what}: HTTP ${status} (${row.name}${attempts > 1 ? `, after ${attempts} attempts` : ""}).`;
    switch (row.failureType) {
      case "quota": {
        const resumeAt = new Date(nextUtcMidnight(this.#o.now())).toISOString();
        return new QuotaExhaustedError(`${message} Resume at ${resumeAt}.`, {
          ...base,
          resumeAt,
          pool: "default",
        });
      }
      case "auth":
        return new AuthError(`${message} Check apiKey.`, base);
      case "config":
        return new ConfigError(`${message} Check the query.`, base);
      case "transient":
        return new TransientError(message, base);
      case "data":
        return new DataError(message, base);
      default:
        return new UpstreamError(message, base);
    }
  }
}

function errorOf(body: unknown): { error?: string } {
  const error = (body as { error?: unknown } | undefined)?.error;
  return typeof error === "string" ? { error } : {};
}
