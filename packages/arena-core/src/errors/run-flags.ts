import type { WindowRef } from "../contract/collector.js";
import { ArenaError, type ArenaErrorOptions } from "./arena-error.js";

type Opts = Omit<ArenaErrorOptions, "failureType" | "retryable" | "code">;

/**
 * A run that ended without collecting some windows on purpose: they end after the platform's ingestion
 * cut-off (today minus the ingestion lag), so what the API returns for them now is not final. They are
 * not marked complete; the same runId collects them once `resumeAt` has passed. Everything else was
 * collected. Not a failure of the run, but not "completed" either.
 */
export class WindowsDeferredError extends ArenaError {
  readonly deferred: readonly WindowRef[];
  /** When the earliest deferred window has left the ingestion lag (ISO-8601 UTC). */
  readonly resumeAt: string;
  constructor(message: string, options: Opts & { deferred: readonly WindowRef[]; resumeAt: string }) {
    super(message, {
      ...options,
      failureType: "upstream",
      retryable: true,
      code: "windows-deferred",
      details: { ...options.details, deferred: options.deferred, resumeAt: options.resumeAt },
    });
    this.deferred = options.deferred;
    this.resumeAt = options.resumeAt;
  }
}

/** Why a window or a run's emptiness is suspicious. */
export interface SilentZero {
  window: WindowRef;
  /** "expected": history or estimate expected many; "collapse": earlier windows had many; "canary": the canary query came back empty too. */
  reason: "expected" | "collapse" | "canary";
  /** Items the evidence expected (history/estimate: records; collapse: the mean of the non-empty windows). */
  expected: number;
}

/**
 * A run whose windows came back empty where many items were expected (a "silent zero": the API has
 * answered keyword searches with nothing for every day). The empty windows are not marked complete,
 * so the same runId collects them again; everything else was collected. Never a quiet "completed".
 */
export class SilentZeroError extends ArenaError {
  readonly silentZeros: readonly SilentZero[];
  constructor(message: string, options: Opts & { silentZeros: readonly SilentZero[]; canary?: string }) {
    super(message, {
      ...options,
      failureType: "upstream",
      retryable: true,
      code: "silent-zeros",
      details: {
        ...options.details,
        silentZeros: options.silentZeros,
        ...(options.canary ? { canary: options.canary } : {}),
      },
    });
    this.silentZeros = options.silentZeros;
  }
}
