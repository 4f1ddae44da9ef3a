import { redact, SecretRegistry } from "./redact.js";

export type FailureType = "config" | "auth" | "quota" | "transient" | "data" | "upstream";

/**
 * What a failure means for a run, decided once by the arena's error table and carried on the error as
 * data; nothing downstream re-derives it from row names or message text.
 *
 * | verdict | who acts | what happens |
 * |---|---|---|
 * | retry | transport, then the run | the same request again; once retries are spent, the run stops, resumable |
 * | refresh-token | transport | a new token, the same request |
 * | restart-search | engine | the partition starts again from its first page (once), then splits |
 * | split | engine | the window is split in two; an unsplittable one is given up |
 * | give-up | engine | the partition is given up; the run goes on and ends incomplete |
 * | skip-target | engine | the target (user, video, playlist) is out of reach: an outcome, not a failure |
 * | pause-quota | engine | the quota is spent: the run pauses, resumable at `resumeAt` |
 * | fail | engine | the run stops: configuration, credentials or data the arena cannot use |
 */
export type Verdict =
  | "retry"
  | "refresh-token"
  | "restart-search"
  | "split"
  | "give-up"
  | "skip-target"
  | "pause-quota"
  | "fail";

export interface ArenaErrorOptions {
  failureType: FailureType;
  retryable?: boolean;
  status?: number;
  /** A platform's own error code, e.g. TikTok's `invalid_params`. */
  code?: string;
  cause?: unknown;
  /** Safe, structured context (never secrets): field names, partition, window. */
  details?: Record<string, unknown>;
  /** What the failure means for a run (default: by failureType; see `Verdict`). */
  verdict?: Verdict;
}

const DEFAULT_VERDICT: Record<FailureType, Verdict> = {
  config: "fail",
  auth: "fail",
  quota: "pause-quota",
  transient: "retry",
  data: "fail",
  upstream: "fail",
};

/**
 * The one error type an arena throws. `message` is user-facing, says what failed and how to fix it,
 * and never contains a secret (it is redacted on construction, and `cause` is not serialised).
 */
export class ArenaError extends Error {
  readonly failureType: FailureType;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly details: Record<string, unknown>;
  readonly verdict: Verdict;

  constructor(message: string, options: ArenaErrorOptions) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.failureType = options.failureType;
    this.retryable = options.retryable ?? options.failureType === "transient";
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? {};
    this.verdict = options.verdict ?? DEFAULT_VERDICT[options.failureType];
  }

  /** Structured form for logs and checkpoints: no stack, no cause, no secrets. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      failureType: this.failureType,
      retryable: this.retryable,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.code === undefined ? {} : { code: this.code }),
      ...(Object.keys(this.details).length
        ? { details: new SecretRegistry().redactValue(this.details) }
        : {}),
    };
  }
}

type Opts = Omit<ArenaErrorOptions, "failureType">;

/** Bad configuration or query: names the field and the fix. Never retryable. */
export class ConfigError extends ArenaError {
  readonly field: string | undefined;
  constructor(message: string, options: Opts & { field?: string } = {}) {
    super(message, { ...options, failureType: "config", retryable: false });
    this.field = options.field;
  }
}

/** Credentials rejected or scope missing. */
export class AuthError extends ArenaError {
  constructor(message: string, options: Opts = {}) {
    super(message, { retryable: false, ...options, failureType: "auth" });
  }
}

/**
 * The quota is spent. Not a failure of the run: the collection is paused, its checkpoint kept, and it
 * can resume at `resumeAt` (ISO-8601 UTC) with the same runId.
 */
export class QuotaExhaustedError extends ArenaError {
  readonly resumeAt: string;
  readonly pool: string;
  constructor(message: string, options: Opts & { resumeAt: string; pool: string }) {
    super(message, {
      ...options,
      failureType: "quota",
      retryable: true,
      details: { ...options.details, resumeAt: options.resumeAt, pool: options.pool },
    });
    this.resumeAt = options.resumeAt;
    this.pool = options.pool;
  }
}

/** A failure that may pass: 5xx, timeouts, connection resets, the API's flaky 400s. */
export class TransientError extends ArenaError {
  constructor(message: string, options: Opts = {}) {
    super(message, { ...options, failureType: "transient", retryable: true });
  }
}

/** The platform returned something that does not match its contract (an invalid envelope). */
export class DataError extends ArenaError {
  constructor(message: string, options: Opts = {}) {
    super(message, { retryable: false, ...options, failureType: "data" });
  }
}

/** The platform refused or failed permanently (or retries were exhausted). */
export class UpstreamError extends ArenaError {
  constructor(message: string, options: Opts = {}) {
    super(message, { retryable: false, ...options, failureType: "upstream" });
  }
}

/** A collection finished but some partitions were given up: it is not complete. Resume retries them. */
export class IncompleteCollectionError extends ArenaError {
  readonly givenUp: ReadonlyArray<{ partition: string; since: string; until: string; reason: string }>;
  constructor(
    message: string,
    options: Opts & {
      givenUp: ReadonlyArray<{ partition: string; since: string; until: string; reason: string }>;
    },
  ) {
    super(message, {
      ...options,
      failureType: "upstream",
      retryable: true,
      details: { ...options.details, givenUp: options.givenUp },
    });
    this.givenUp = options.givenUp;
  }
}

export function isArenaError(error: unknown): error is ArenaError {
  return error instanceof ArenaError;
}

/** Wraps anything thrown into an ArenaError (unknown errors become `upstream`, not retryable). */
export function toArenaError(error: unknown, fallbackMessage = "Unexpected failure"): ArenaError {
  if (error instanceof ArenaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError(`${fallbackMessage}: ${message}`, { cause: error });
}

/** The consumer aborted the collection (signal): requests stopped, the checkpoint is kept for a resume. */
export class CollectionAbortedError extends ArenaError {
  constructor(message = "The collection was aborted; resume it with the same runId.", options: Opts = {}) {
    super(message, { ...options, failureType: "transient", retryable: true, code: "aborted" });
  }
}
