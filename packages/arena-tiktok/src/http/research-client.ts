import {
  type ArenaError,
  AuthError,
  type Clock,
  ConfigError,
  DataError,
  type FailureType,
  type Logger,
  nextUtcMidnight,
  QuotaExhaustedError,
  type QuotaLedger,
  type RateLimiter,
  type RetryOptions,
  retryDelay,
  type SecretRegistry,
  type Sleep,
  TransientError,
  throwIfAborted,
  UpstreamError,
} from "@observatory/arena-core";
import ky, { type KyInstance } from "ky";
import type { TokenManager } from "../auth/token-manager.js";
import { BodyStallError, readBoundedText } from "./bounded-body.js";
import { type Classification, classify, type Outcome } from "./error-table.js";
import { networkOutcome, type ParsedResponse, toOutcome } from "./http-outcome.js";
import { serializeApiJson } from "./lossless-json.js";
import { SlowRequestWatch } from "./slow-request-watch.js";
import { untilAborted } from "./until-aborted.js";

export interface ResearchClientOptions {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  credentialId: string;
  quota: QuotaLedger;
  /** Hands out the access token for each request (and a new one when the API rejected it). */
  tokens: Pick<TokenManager, "token">;
  limiter: RateLimiter;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  logger: Logger;
  secrets: SecretRegistry;
  retry: RetryOptions;
  /** Wait for the response headers (default 5 minutes: broad queries take minutes before a 504). */
  timeoutMs: number;
  /** A response body may go this long without a byte (default 60 s); longer is a timeout, retried. */
  stallTimeoutMs: number;
  /** A response body may hold at most this many bytes (default 32 MiB); more is an UpstreamError. */
  maxResponseBytes: number;
  /** A request quiet this long is reported through the logger (warn) with its phase and attempt (default 60 s). */
  slowNoticeMs: number;
}

export interface CallOptions<T> {
  /** Quota pool: "research" or "followers". */
  pool: string;
  fields?: readonly string[];
  signal?: AbortSignal;
  /** Validates `data` (zod) and maps it; a throw here is an invalid envelope (a `data` error). */
  parse: (data: unknown) => T;
  /** Records the response holds, for the quota's record count. */
  countRecords?: (value: T) => number;
  /** For messages: "video query 2026-09-01..2026-09-08 at cursor 100". */
  describe: string;
  /** Attempts at most (default: the retry policy's); the health probe sends one. */
  maxAttempts?: number;
  /** Sends this form-data body (built afresh per attempt) instead of JSON: batch compliance's file upload. */
  multipart?: () => FormData;
}

export interface CallResult<T> {
  value: T;
  /** Requests this call sent (retries included). */
  attempts: number;
  logId?: string;
}

export interface ClientStats {
  requests: number;
  retries: number;
  refreshes: number;
  byEndpoint: Record<string, number>;
  /** When (clock ms) a Research API request last succeeded: the health check's free evidence. */
  lastSuccessAt?: number;
}

/** Refreshing more often than this for one request means the credential itself is being refused. */
const MAX_REFRESHES_PER_CALL = 2;

/**
 * The Research API transport: one place that reserves quota, paces, authenticates, sends (ky, one
 * attempt per try: POST is never retried behind our back), classifies the answer with the error
 * table, and retries, refreshes, pauses or fails. Every attempt that reached the API is counted.
 */
export class ResearchClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, refreshes: 0, byEndpoint: {} };
  readonly #o: ResearchClientOptions;
  readonly #ky: KyInstance;

  constructor(options: ResearchClientOptions) {
    this.#o = options;
    this.#ky = ky.create({
      prefixUrl: options.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      retry: 0,
      throwHttpErrors: false,
      timeout: options.timeoutMs,
    });
  }

  /** POSTs the form-encoded token request; retries 5xx and network failures, fails at once on a 4xx. */
  async requestToken(form: URLSearchParams, signal?: AbortSignal): Promise<unknown> {
    const { retry, sleep, random } = this.#o;
    for (let attempt = 1; ; attempt++) {
      const parsed = await this.#send("v2/oauth/token/", { form }, signal, true, {
        describe: "the token request",
        attempt,
        maxAttempts: retry.maxAttempts,
      });
      const verdict = classify(parsed.outcome);
      if (verdict.action === "success") return parsed.data;
      if ((verdict.action === "retry" || verdict.action === "retry-slow") && attempt < retry.maxAttempts) {
        await this.#wait(verdict, attempt, "token request", random, sleep, signal);
        continue;
      }
      throw this.#error(verdict, parsed.outcome, "the token request", attempt);
    }
  }

  async call<T>(endpoint: string, body: unknown, options: CallOptions<T>): Promise<CallResult<T>> {
    const { retry, sleep, random, quota, credentialId, limiter, tokens } = this.#o;
    const path = `v2/research/${endpoint}`;
    const searchParams = options.fields?.length ? { fields: options.fields.join(",") } : undefined;
    const payload = options.multipart ? undefined : serializeApiJson(body);
    let rejected: string | undefined;
    let refreshes = 0;
    let sent = 0;
    for (let attempt = 1; ; ) {
      throwIfAborted(options.signal);
      const token = await untilAborted(tokens.token(rejected, options.signal), options.signal);
      const parsed = await limiter.schedule(
        async () => {
          const reservation = await quota.reserve(credentialId, options.pool);
          const counted = () => {
            sent++;
            this.stats.requests++;
            this.stats.byEndpoint[endpoint] = (this.stats.byEndpoint[endpoint] ?? 0) + 1;
          };
          const result = await this.#send(
            path,
            {
              ...(payload === undefined ? {} : { json: payload }),
              ...(options.multipart ? { multipart: options.multipart() } : {}),
              token,
              searchParams,
            },
            options.signal,
            false,
            {
              describe: options.describe,
              attempt,
              maxAttempts: options.maxAttempts ?? retry.maxAttempts,
            },
          ).catch((error: unknown) => {
            // An answer too large to read reached the API all the same: it is counted (and charged).
            if (error instanceof UpstreamError && error.code === "response_too_large") counted();
            throw error;
          });
          if (result.outcome.network === "refused") await quota.release(reservation);
          else counted();
          return { ...result, reservation };
        },
        options.signal ? { signal: options.signal } : {},
      );
      const verdict = classify(parsed.outcome);
      switch (verdict.action) {
        case "success": {
          let value: T;
          try {
            value = options.parse(parsed.data);
          } catch (error) {
            throw new DataError(
              `The API's answer to ${options.describe} does not match its documented shape: ${summarize(error)}`,
              {
                cause: error,
                code: "invalid_envelope",
                ...(parsed.logId ? { details: { logId: parsed.logId } } : {}),
              },
            );
          }
          await quota.addRecords(parsed.reservation, options.countRecords?.(value) ?? 0);
          this.stats.lastSuccessAt = this.#o.clock.now();
          return { value, attempts: sent, ...(parsed.logId ? { logId: parsed.logId } : {}) };
        }
        case "refresh":
          if (++refreshes > MAX_REFRESHES_PER_CALL) {
            throw new AuthError(
              `The API rejected ${refreshes} fresh access tokens in a row for ${options.describe}: the credential is refused.`,
              { status: parsed.outcome.status, code: parsed.outcome.code },
            );
          }
          this.stats.refreshes++;
          this.#o.logger.info("access token rejected; refreshing and retrying the same request", {
            request: options.describe,
          });
          rejected = token;
          continue; // same request, same cursor and search_id; a refresh is not a failed attempt
        case "retry":
        case "retry-slow":
          if (attempt >= (options.maxAttempts ?? retry.maxAttempts))
            throw this.#error(verdict, parsed.outcome, options.describe, attempt);
          this.stats.retries++;
          await this.#wait(verdict, attempt, options.describe, random, sleep, options.signal);
          attempt++;
          continue;
        case "pause":
          await quota.markExhausted(credentialId, options.pool);
          throw this.#error(verdict, parsed.outcome, options.describe, attempt, options.pool);
        default:
          throw this.#error(verdict, parsed.outcome, options.describe, attempt, options.pool);
      }
    }
  }

  async #wait(
    verdict: Classification,
    attempt: number,
    what: string,
    random: () => number,
    sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const delay = retryDelay(verdict.action, attempt, this.#o.retry, random);
    this.#o.logger.warn(`retrying ${what} in ${delay} ms: ${verdict.reason}`, { attempt, row: verdict.row });
    try {
      await sleep(delay, signal);
    } catch (error) {
      throwIfAborted(signal);
      throw error;
    }
  }

  async #send(
    path: string,
    request: {
      form?: URLSearchParams;
      json?: string;
      multipart?: FormData;
      token?: string;
      searchParams?: Record<string, string>;
    },
    signal: AbortSignal | undefined,
    tokenEndpoint: boolean,
    about: { describe: string; attempt: number; maxAttempts: number },
  ): Promise<ParsedResponse> {
    // A multipart body sets its own content-type (with the boundary).
    const headers: Record<string, string> = request.multipart
      ? { accept: "application/json" }
      : {
          "content-type": request.form ? "application/x-www-form-urlencoded" : "application/json",
          accept: "application/json",
        };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    const watch = new SlowRequestWatch({ noticeMs: this.#o.slowNoticeMs, logger: this.#o.logger, ...about });
    try {
      const response = await this.#ky.post(path, {
        headers,
        body: request.form ? request.form.toString() : (request.multipart ?? request.json),
        ...(request.searchParams ? { searchParams: request.searchParams } : {}),
        ...(signal ? { signal } : {}),
      });
      watch.headers();
      const text = await readBoundedText(response, {
        maxBytes: this.#o.maxResponseBytes,
        stallMs: this.#o.stallTimeoutMs,
        describe: about.describe,
        onBytes: (total) => watch.bytes(total),
        ...(signal ? { signal } : {}),
      });
      return toOutcome(response.status, text, tokenEndpoint);
    } catch (error) {
      throwIfAborted(signal);
      if (error instanceof UpstreamError) throw error; // the body was too large: no retry fetches it again
      if (error instanceof BodyStallError) {
        return {
          outcome: {
            status: 0,
            hasData: false,
            nonJson: true,
            network: "timeout",
            message: error.message,
            tokenEndpoint,
          },
          data: undefined,
        };
      }
      const outcome = networkOutcome(error);
      if (!outcome) {
        throw new UpstreamError(
          `Sending the request failed unexpectedly: ${(error as Error)?.message ?? error}`,
          {
            cause: error,
            code: "send_failed",
          },
        );
      }
      return { outcome: { ...outcome, tokenEndpoint }, data: undefined };
    } finally {
      watch.stop();
    }
  }

  #error(
    verdict: Classification,
    outcome: Outcome,
    what: string,
    attempts: number,
    pool = "research",
  ): ArenaError {
    const base = {
      status: outcome.status || undefined,
      code: outcome.code,
      verdict: verdict.verdict,
      details: {
        row: verdict.row,
        attempts,
        ...(verdict.targetStatus ? { targetStatus: verdict.targetStatus } : {}),
        ...(outcome.tokenEndpoint ? { tokenEndpoint: true } : {}),
        ...(verdict.runWide ? { runWide: true } : {}),
      },
    };
    const message = `${capitalize(what)}: ${verdict.reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}.`;
    const type: FailureType = verdict.failureType ?? "upstream";
    switch (type) {
      case "quota": {
        const resumeAt = new Date(nextUtcMidnight(this.#o.clock.now())).toISOString();
        return new QuotaExhaustedError(
          `${capitalize(what)}: the ${pool} quota is spent; the collection is paused and resumes at ${resumeAt} with the same runId.`,
          { ...base, resumeAt, pool },
        );
      }
      case "auth":
        return new AuthError(message, base);
      case "config":
        return new ConfigError(message, base);
      case "transient":
        return new TransientError(message, base);
      case "data":
        return new DataError(message, base);
      default:
        return new UpstreamError(message, base);
    }
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function summarize(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (issues?.length) {
    return issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
      .join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}
