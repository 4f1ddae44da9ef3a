/**
 * Bright Data's Datasets API v3 (docs.brightdata.com, "Web Scraper API"): trigger a collection,
 * monitor its progress, download its snapshot. The API key is a Bearer token; it is registered as a
 * secret and never logged. Answers are mapped once:
 *
 * | status | meaning | action | failureType |
 * |---|---|---|---|
 * | 200 | ok | success | – |
 * | 202 (download) | "Snapshot is not ready yet, try again in 10s" | poll progress | – |
 * | 400 "Snapshot is empty" (download) | no records | success, zero records | – |
 * | 400 "Snapshot is expired" / 404 | the snapshot is gone | fail; a resume triggers anew | upstream |
 * | 401, 403 | the key is refused | fail | auth |
 * | 429 | too many running jobs for the dataset | retry after 5 s × attempt | transient |
 * | 5xx, timeout, reset | – | retry with backoff | transient |
 * | other 4xx | validation error | fail, with Bright Data's words | config |
 */
import {
  AuthError,
  ConfigError,
  type Logger,
  type SecretRegistry,
  type Sleep,
  TransientError,
  UpstreamError,
} from "@observatory/arena-core";
import ky, { type KyInstance } from "ky";
import { BodyStallError, readBoundedText } from "../../http/bounded-body.js";
import { networkOutcome } from "../../http/http-outcome.js";
import { parseApiJson } from "../../http/lossless-json.js";
import { throwIfAborted } from "../../http/research-client.js";
import { type RetryOptions, retryDelay } from "../../http/retry-policy.js";
import { snapshotRecords } from "./snapshot-records.js";

export interface BrightDataClientOptions {
  apiKey: string;
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  sleep: Sleep;
  random: () => number;
  retry: RetryOptions;
  logger: Logger;
  secrets: SecretRegistry;
  timeoutMs: number;
  /** Answers other than a snapshot download hold at most this many bytes (default: the collector's maxResponseBytes). */
  maxResponseBytes?: number;
  /** Such an answer may go this long without a byte (default: the collector's stallTimeoutMs). */
  stallTimeoutMs?: number;
}

export type SnapshotStatus = "starting" | "running" | "building" | "ready" | "failed" | string;

export interface DownloadOptions {
  format: "ndjson" | "json";
  batchSize?: number;
  part?: number;
}

export type Download = { ready: false } | { ready: true; records: AsyncIterable<unknown> };

interface Answer {
  status: number;
  response?: Response;
  text?: string;
}

const EMPTY = /snapshot is empty/i;
const GONE = /expired|does not exist|not found/i;

export class BrightDataClient {
  readonly stats = { requests: 0, retries: 0, byEndpoint: {} as Record<string, number> };
  readonly #o: BrightDataClientOptions;
  readonly #ky: KyInstance;

  constructor(options: BrightDataClientOptions) {
    this.#o = options;
    this.#ky = ky.create({
      prefixUrl: options.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      retry: 0,
      throwHttpErrors: false,
      timeout: options.timeoutMs,
      headers: { authorization: `Bearer ${options.apiKey}` },
    });
  }

  /** POST /datasets/v3/trigger: starts a (paid) collection; returns its snapshot_id. */
  async trigger(
    params: Record<string, string>,
    inputs: readonly object[],
    signal?: AbortSignal,
  ): Promise<string> {
    const answer = await this.#request(
      "trigger",
      "post",
      "datasets/v3/trigger",
      { params, json: inputs },
      signal,
    );
    const body = parseJson(await this.#text(answer.response!, "trigger", signal)) as
      | { snapshot_id?: unknown }
      | undefined;
    if (typeof body?.snapshot_id !== "string" || !body.snapshot_id) {
      throw new UpstreamError("Bright Data accepted the collection but returned no snapshot_id", {
        code: "no_snapshot",
      });
    }
    return body.snapshot_id;
  }

  /** GET /datasets/v3/progress/{id}: "starting", "running", "ready" or "failed". */
  async progress(snapshotId: string, signal?: AbortSignal): Promise<SnapshotStatus> {
    const path = `datasets/v3/progress/${encodeURIComponent(snapshotId)}`;
    const answer = await this.#request("progress", "get", path, {}, signal);
    const body = parseJson(await this.#text(answer.response!, "progress", signal)) as
      | { status?: unknown }
      | undefined;
    if (typeof body?.status !== "string") {
      throw new UpstreamError(`Bright Data's progress answer for ${snapshotId} has no status`, {
        code: "bad_progress",
      });
    }
    return body.status;
  }

  /** GET /datasets/v3/snapshot/{id}: the records, streamed; `{ ready: false }` while it is being built. */
  async download(snapshotId: string, options: DownloadOptions, signal?: AbortSignal): Promise<Download> {
    const params: Record<string, string> = { format: options.format };
    if (options.batchSize) {
      params.batch_size = String(options.batchSize);
      params.part = String(options.part ?? 1);
    }
    const path = `datasets/v3/snapshot/${encodeURIComponent(snapshotId)}`;
    const answer = await this.#request("download", "get", path, { params, stream: true }, signal);
    if (answer.status === 202) {
      await answer.response?.body?.cancel().catch(() => undefined);
      return { ready: false };
    }
    if (answer.status === 400) return { ready: true, records: (async function* () {})() };
    const body = answer.response!.body;
    if (!body) return { ready: true, records: (async function* () {})() };
    return { ready: true, records: this.#guarded(snapshotRecords(body), signal) };
  }

  /** GET /datasets/v3/snapshot/{id}/parts: how many parts a batched download has. */
  async parts(snapshotId: string, options: DownloadOptions, signal?: AbortSignal): Promise<number> {
    const params: Record<string, string> = { format: options.format };
    if (options.batchSize) params.batch_size = String(options.batchSize);
    const path = `datasets/v3/snapshot/${encodeURIComponent(snapshotId)}/parts`;
    const answer = await this.#request("parts", "get", path, { params }, signal);
    const body = parseJson(await this.#text(answer.response!, "parts", signal)) as
      | { parts?: unknown }
      | undefined;
    if (typeof body?.parts !== "number" || !Number.isInteger(body.parts) || body.parts < 0) {
      throw new UpstreamError(`Bright Data's parts answer for ${snapshotId} has no part count`, {
        code: "bad_parts",
      });
    }
    return body.parts;
  }

  /** GET /datasets/v3/snapshots?dataset_id=…&limit=1: the key works and the dataset exists; free. */
  async check(datasetId: string, signal?: AbortSignal): Promise<void> {
    const answer = await this.#request(
      "snapshots",
      "get",
      "datasets/v3/snapshots",
      { params: { dataset_id: datasetId, limit: "1" } },
      signal,
    );
    await answer.response?.body?.cancel().catch(() => undefined);
  }

  async *#guarded(records: AsyncGenerator<unknown>, signal?: AbortSignal): AsyncGenerator<unknown> {
    try {
      yield* records;
    } catch (error) {
      throwIfAborted(signal);
      const outcome = networkOutcome(error);
      throw new TransientError(
        `Reading the Bright Data snapshot failed mid-way: ${outcome?.message ?? (error as Error)?.message ?? error}`,
        { cause: error, code: "snapshot_read_failed" },
      );
    }
  }

  async #request(
    endpoint: string,
    method: "get" | "post",
    path: string,
    request: { params?: Record<string, string>; json?: unknown; stream?: boolean },
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    const { retry, sleep, random, logger } = this.#o;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      const answer = await this.#send(endpoint, method, path, request, signal);
      const verdict = this.#classify(endpoint, answer);
      if (verdict === "ok") return answer;
      if (verdict instanceof Error) throw verdict;
      if (attempt >= retry.maxAttempts) {
        throw new TransientError(
          `Bright Data ${endpoint} failed after ${attempt} attempts (${describe(answer, this.#o.secrets)})`,
          {
            status: answer.status || undefined,
            code: `bright_data_${endpoint}`,
            details: { attempts: attempt },
          },
        );
      }
      const delay = retryDelay(verdict, attempt, retry, random);
      this.stats.retries++;
      logger.warn(`retrying Bright Data ${endpoint} in ${delay} ms`, { status: answer.status, attempt });
      try {
        await sleep(delay, signal);
      } catch (error) {
        throwIfAborted(signal);
        throw error;
      }
    }
  }

  async #send(
    endpoint: string,
    method: "get" | "post",
    path: string,
    request: { params?: Record<string, string>; json?: unknown; stream?: boolean },
    signal: AbortSignal | undefined,
  ): Promise<Answer> {
    try {
      const response = await this.#ky(path, {
        method,
        ...(request.params ? { searchParams: request.params } : {}),
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(signal ? { signal } : {}),
      });
      this.stats.requests++;
      this.stats.byEndpoint[endpoint] = (this.stats.byEndpoint[endpoint] ?? 0) + 1;
      const keep = response.ok && response.status !== 202;
      if (keep) return { status: response.status, response };
      const text = await readBoundedText(response, this.#limits(endpoint, signal)).catch((error: unknown) => {
        if (error instanceof BodyStallError) return undefined; // a timeout: retried like one
        throw error;
      });
      return text === undefined
        ? { status: 0, text: "the answer stalled" }
        : { status: response.status, text };
    } catch (error) {
      throwIfAborted(signal);
      const outcome = networkOutcome(error);
      if (!outcome) {
        throw new UpstreamError(
          `Sending a request to Bright Data failed: ${(error as Error)?.message ?? error}`,
          {
            cause: error,
            code: "send_failed",
          },
        );
      }
      if (outcome.network !== "refused") {
        this.stats.requests++;
        this.stats.byEndpoint[endpoint] = (this.stats.byEndpoint[endpoint] ?? 0) + 1;
      }
      return { status: 0, text: outcome.message ?? outcome.network ?? "network failure" };
    }
  }

  /** A small JSON answer's text, bounded in size and stall time like the Research API's answers. */
  async #text(response: Response, endpoint: string, signal: AbortSignal | undefined): Promise<string> {
    try {
      return await readBoundedText(response, this.#limits(endpoint, signal));
    } catch (error) {
      if (error instanceof BodyStallError) {
        throw new TransientError(`Bright Data's ${endpoint} answer stalled: ${error.message}`, {
          code: "bright_data_stalled",
        });
      }
      throw error;
    }
  }

  #limits(endpoint: string, signal: AbortSignal | undefined) {
    return {
      maxBytes: this.#o.maxResponseBytes ?? 32 * 1_048_576,
      stallMs: this.#o.stallTimeoutMs ?? 60_000,
      describe: `Bright Data's ${endpoint} answer`,
      ...(signal ? { signal } : {}),
    };
  }

  #classify(endpoint: string, answer: Answer): "ok" | "retry" | "retry-slow" | Error {
    const { status } = answer;
    const said = describe(answer, this.#o.secrets);
    if (status >= 200 && status < 300) return "ok";
    if (endpoint === "download" && status === 400 && EMPTY.test(answer.text ?? "")) return "ok";
    if (status === 0 || status === 408 || status >= 500) return "retry";
    if (status === 429) return "retry-slow";
    if (status === 401 || status === 403) {
      return new AuthError(`Bright Data refused the API key (${said}); check brightData.apiKey`, { status });
    }
    if (status === 404 || (status === 400 && GONE.test(answer.text ?? ""))) {
      return new UpstreamError(`Bright Data ${endpoint}: ${said}`, { status, code: "snapshot_gone" });
    }
    if (status >= 400 && status < 500) {
      return new ConfigError(
        `Bright Data rejected the ${endpoint} request (${said}); check brightData options`,
        {
          status,
          field: "brightData",
        },
      );
    }
    return new UpstreamError(`Bright Data ${endpoint}: unexpected answer (${said})`, { status });
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? parseApiJson(text) : undefined;
  } catch {
    return undefined;
  }
}

/** "HTTP 429: You have too many running jobs…" with secrets removed and the body shortened. */
function describe(answer: Answer, secrets: SecretRegistry): string {
  const body = parseJson(answer.text ?? "") as { error?: unknown; message?: unknown } | undefined;
  const words =
    typeof body?.error === "string"
      ? body.error
      : typeof body?.message === "string"
        ? body.message
        : (answer.text ?? "")
            .replace(/<[^>]*>/g, " ")
            .replace(/\s+/g, " ")
            .trim();
  const status = answer.status ? `HTTP ${answer.status}` : "network failure";
  return secrets.redact(words ? `${status}: ${words.slice(0, 200)}` : status);
}
