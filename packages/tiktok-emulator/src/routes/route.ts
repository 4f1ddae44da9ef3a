import type { CommerceState } from "../commerce/commerce-corpus.js";
import type { Corpus } from "../corpus/corpus.js";
import type { FaultInjector } from "../faults.js";
import type { FieldsRule } from "../fields.js";
import { invalidParams } from "../http/api-error.js";
import type { JsonBytes } from "../json/json-bytes.js";
import type { JsonValue } from "../json/lossless.js";
import type { QuotaPool } from "../quota.js";
import type { Rng } from "../random/prng.js";
import type { VideoRenderer } from "../render/video.js";
import type { SearchCache } from "../search-cache.js";

/** What a research handler gets: the parsed body, the selected fields and the emulator's state. */
export interface RouteContext {
  readonly corpus: Corpus;
  readonly nowSeconds: number;
  readonly body: { readonly [key: string]: JsonValue };
  /** The selected fields; every allowed field when the route takes none. */
  readonly fields: ReadonlySet<string>;
  readonly faults: FaultInjector;
  readonly searches: SearchCache;
  readonly videos: VideoRenderer;
  /** Draws for is_random sampling. */
  readonly sampling: Rng;
  /** The ad library's and TikTok Shop's data, and the batch compliance tasks. */
  readonly commerce: CommerceState;
}

export interface RouteResult {
  /** The serialised `data` object. */
  readonly data: string | JsonBytes;
  /** Records served, as counted against the daily quota. */
  readonly records: number;
}

export interface Route {
  /** "video/query", as in stats().requests.byEndpoint. */
  readonly name: string;
  readonly pool: QuotaPool;
  /** How `fields` is read; undefined when the endpoint takes no `fields` (it is then ignored). */
  readonly fields?: FieldsRule;
  /** How the body is read (default "json"); "multipart": form-data, a file's text under its field name. */
  readonly body?: "json" | "multipart";
  handle(ctx: RouteContext): RouteResult;
}

/** An optional non-negative integer body parameter within [min, max]; 400 with `message` otherwise. */
export function intParam(
  raw: JsonValue | undefined,
  fallback: number,
  min: number,
  max: number,
  message: string,
): number {
  if (raw === undefined || raw === null) return fallback;
  const value = typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParams(message);
  }
  return value;
}

/** max_count: default and maximum per endpoint. */
export function maxCountParam(raw: JsonValue | undefined, fallback: number, max: number): number {
  return intParam(raw, fallback, 1, max, `Invalid max_count: it must be an integer between 1 and ${max}`);
}

export function usernameParam(raw: JsonValue | undefined): string {
  if (typeof raw !== "string" || raw.trim().length === 0) throw invalidParams("username is required");
  return raw.trim();
}

/** An int64 id sent as a bare number, a bigint-sized number or a string of digits. */
export function idParam(raw: JsonValue | undefined, name: string): string {
  if (raw === undefined || raw === null) throw invalidParams(`${name} is required`);
  const text =
    typeof raw === "string"
      ? raw.trim()
      : typeof raw === "number" || typeof raw === "bigint"
        ? String(raw)
        : "";
  if (!/^\d{1,20}$/.test(text)) throw invalidParams(`Invalid ${name}: "${String(raw)}"`);
  return text.replace(/^0+(?=\d)/, "");
}

export const INVALID_CURSOR = "Invalid count or cursor";
