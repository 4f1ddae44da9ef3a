/**
 * Bright Data's Datasets API v3 (docs.brightdata.com, "Web Scraper API"): trigger a collection,
 * monitor its progress, download its snapshot. The API key is a Bearer token; it is registered as a
 * secret and never logged. Answers are classified once, by `bright-data-error-table.ts`; a 202 on a
 * download means "not ready yet" (the medium run polls the progress endpoint).
 */
import {
  type Logger,
  type RetryOptions,
  retryDelay,
  type SecretRegistry,
  type Sleep,
  throwIfAborted,
  UpstreamError,
} from "@observatory/arena-core";
import ky, { type KyInstance } from "ky";
import { BodyStallError, readBoundedText } from "../../http/bounded-body.js";
import { networkOutcome } from "../../http/http-outcome.js";
import { parseApiJson } from "../../http/lossless-json.js";
import {
  answerStalled,
  classifyBrightData,
  retriesSpent,
  snapshotReadFailed,
} from "./bright-data-error-table.js";
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
      throw snapshotReadFailed(String(outcome?.message ?? (error as Error)?.message ?? error), error);
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
      const seen = {
        endpoint,
        status: answer.status,
        ...(answer.text === undefined ? {} : { text: answer.text }),
      };
      const row = classifyBrightData(seen);
      if (row.action === "ok") return answer;
      const said = describe(answer, this.#o.secrets);
      if (row.action === "fail") throw (row.error as NonNullable<typeof row.error>)(seen, said);
      if (attempt >= retry.maxAttempts) throw retriesSpent(seen, said, attempt);
      const delay = retryDelay(row.action, attempt, retry, random);
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
        throw answerStalled(endpoint, error.message);
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
