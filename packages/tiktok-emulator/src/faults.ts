import {
  type BroadWindowFailure,
  type BroadWindowModel,
  drawBroadWindowFailure,
  drawLatency,
} from "./broad-windows.js";
import { DAY_SECONDS, parseYmd } from "./query/dates.js";
import { Rng } from "./random/prng.js";

/** A date range (YYYYMMDD, inclusive) whose video queries keep failing with 500 until the window is small. */
export interface PersistentErrorWindow {
  start: string;
  end: string;
  /** Queries covering at most this many days of the range succeed (default 7). */
  maxDays?: number;
}

/**
 * Real-world failures to inject, all off by default. Rates are probabilities per request (0..1),
 * drawn from a PRNG seeded by `faultSeed`, so a run is reproducible.
 */
export interface FaultOptions {
  /** HTTP 500 internal_error on any research endpoint (still consumes quota). */
  internalErrorRate?: number;
  /** HTTP 400 "Search Id … is invalid or expired" on a video query that sends a search_id; the id still works later. */
  searchIdInvalidRate?: number;
  /** HTTP 400 "Invalid count or cursor" on a video query or comment page with cursor > 0. */
  invalidCursorRate?: number;
  /** HTTP 504 with an HTML body, as the gateway answers broad queries. */
  gatewayTimeoutRate?: number;
  /** Extra delay in ms for a slow response. */
  slowMs?: number;
  /** Share of requests that are slow (default 1 when slowMs is set). */
  slowRate?: number;
  /** HTTP 401 access_token_invalid for a token that was valid: it is revoked from then on. */
  tokenRevokeRate?: number;
  /** Revoke every token after it has served this many research requests. */
  revokeTokenAfter?: number;
  /** A video-query page comes back with a new search_id (the old one keeps working). */
  searchIdChangeRate?: number;
  /**
   * A video-query page comes back empty with has_more true; the cursor still advances past it. The
   * live videos of that slice are deleted from then on (as if deleted mid-crawl): the ground truth
   * and later crawls agree, and `stats().hiddenVideoIds` lists them.
   */
  emptyPageRate?: number;
  /**
   * A "silent zero" (traktok #29): a video query is answered as if nothing matched — an empty page,
   * `has_more` false, HTTP 200 — whatever the corpus holds. 1: every video query (an outage that
   * looks like a real absence).
   */
  silentZeroRate?: number;
  /** The server destroys the socket without answering. */
  connectionResetRate?: number;
  /** Date ranges where video queries fail with 500 until the requested window is small enough. */
  persistentErrorWindows?: readonly (
    | PersistentErrorWindow
    | readonly [string, string]
    | readonly [string, string, number]
  )[];
  /** Broad video queries fail as on the API: 500s growing with results and days, 504s after a delay (see broad-windows.ts). */
  broadWindows?: BroadWindowModel;
  /** `latencyMs` becomes the mean of a latency with a tail: `rate` of responses take `factor` × (default 0.05, 4). */
  latencyTail?: { rate?: number; factor?: number };
  /** Seed of the fault PRNG (default: the emulator's seed). */
  faultSeed?: number;
}

export const FAULT_KINDS = [
  "internalError",
  "searchIdInvalid",
  "invalidCursor",
  "gatewayTimeout",
  "slow",
  "tokenRevoked",
  "searchIdChange",
  "emptyPage",
  "connectionReset",
  "persistentError",
  "silentZero",
  "broadWindowError",
  "broadWindowTimeout",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const RATE_KEYS = [
  "internalErrorRate",
  "searchIdInvalidRate",
  "invalidCursorRate",
  "gatewayTimeoutRate",
  "slowRate",
  "tokenRevokeRate",
  "searchIdChangeRate",
  "emptyPageRate",
  "connectionResetRate",
  "silentZeroRate",
] as const;

function normaliseWindows(f: FaultOptions): PersistentErrorWindow[] {
  return (f.persistentErrorWindows ?? []).map((w) => {
    if (Array.isArray(w)) return { start: String(w[0]), end: String(w[1]), maxDays: w[2] ?? 7 };
    const o = w as PersistentErrorWindow;
    return { start: o.start, end: o.end, maxDays: o.maxDays ?? 7 };
  });
}

interface WindowRange {
  /** Unix seconds, inclusive. */
  readonly from: number;
  /** Unix seconds, exclusive (the day after `end`). */
  readonly to: number;
  readonly maxDays: number;
}

function windowRange(w: PersistentErrorWindow): WindowRange {
  const from = parseYmd(w.start.replaceAll("-", ""));
  const end = parseYmd(w.end.replaceAll("-", ""));
  if (from === undefined || end === undefined || end < from) {
    throw new RangeError(`faults.persistentErrorWindows: bad dates in ${w.start}..${w.end}`);
  }
  return { from, to: end + DAY_SECONDS, maxDays: w.maxDays ?? 7 };
}

/** Draws faults and counts every one it injects. */
export class FaultInjector {
  #config: FaultOptions = {};
  #windows: readonly WindowRange[] = [];
  #rng: Rng;
  counts: Record<string, number> = {};
  /** Ids of the live videos that injected empty pages deleted (since the last reset). */
  hiddenVideoIds: string[] = [];

  constructor(seed: number, options: FaultOptions = {}) {
    this.#rng = new Rng(options.faultSeed ?? seed, "faults");
    this.set(options);
  }

  /** Replaces the whole fault configuration; a `faultSeed` restarts the fault PRNG. */
  set(options: FaultOptions): void {
    for (const key of RATE_KEYS) {
      const rate = options[key];
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        throw new RangeError(`faults.${key} must be in [0, 1]`);
    }
    if (options.revokeTokenAfter !== undefined && !(options.revokeTokenAfter >= 1)) {
      throw new RangeError("faults.revokeTokenAfter must be at least 1");
    }
    const windows = normaliseWindows(options).map(windowRange);
    this.#config = { ...options };
    this.#windows = windows;
    if (options.faultSeed !== undefined) this.#rng = new Rng(options.faultSeed, "faults");
  }

  get config(): Readonly<FaultOptions> {
    return this.#config;
  }

  /** Records an injected fault. */
  count(kind: FaultKind): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  /** True (and counted) with probability `rate`; never draws when the rate is 0 or unset. */
  roll(kind: FaultKind, rate: number | undefined): boolean {
    if (!rate) return false;
    if (this.#rng.next() >= rate) return false;
    this.count(kind);
    return true;
  }

  /** The slow-response delay for this request, 0 when not slow. */
  slowDelay(): number {
    const ms = this.#config.slowMs ?? 0;
    if (ms <= 0) return 0;
    return this.roll("slow", this.#config.slowRate ?? 1) ? ms : 0;
  }

  /**
   * True (and counted) when a video query over [startSeconds, endSeconds) overlaps a persistent
   * error window and covers more days than that window tolerates.
   */
  persistentError(startSeconds: number, endSeconds: number): boolean {
    const days = (endSeconds - startSeconds) / DAY_SECONDS;
    for (const w of this.#windows) {
      if (startSeconds < w.to && endSeconds > w.from && days > w.maxDays) {
        this.count("persistentError");
        return true;
      }
    }
    return false;
  }

  /** A broad-window failure for a video-query request (counted), when the model is on. */
  broadWindow(results: number, days: number): BroadWindowFailure | undefined {
    const model = this.#config.broadWindows;
    if (!model) return undefined;
    const failure = drawBroadWindowFailure(model, this.#rng, results, days);
    if (failure) this.count(failure.status === 504 ? "broadWindowTimeout" : "broadWindowError");
    return failure;
  }

  /** This response's latency: `latencyMs` as is, or drawn with a tail when `latencyTail` is set. */
  latency(latencyMs: number): number {
    const tail = this.#config.latencyTail;
    return tail ? drawLatency(latencyMs, this.#rng, tail.rate, tail.factor) : latencyMs;
  }

  resetCounts(): void {
    this.counts = {};
    this.hiddenVideoIds = [];
  }
}
