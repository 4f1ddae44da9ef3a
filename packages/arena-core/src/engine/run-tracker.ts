import type { CollectOptions, Progress, QuotaSnapshot, WindowRef } from "../contract/collector.js";
import { IncompleteCollectionError, isArenaError, QuotaExhaustedError } from "../errors/arena-error.js";
import type { Logger } from "../ports/logger.js";

export interface RunTrackerOptions {
  runId: string;
  options: CollectOptions;
  /** Requests the transport has sent so far (the tracker reports this run's share). */
  requests: () => number;
  windowsTotal: number;
  quota?: () => Promise<QuotaSnapshot | undefined>;
  logger: Logger;
  /** What a partition is, for messages: "window", "target", "Bright Data collection". */
  unit: string;
}

/**
 * The bookkeeping every run shares: progress, the phase it ends in, and the rule that a run with a
 * given-up partition never ends "completed" — it ends in `IncompleteCollectionError`, and a resume with
 * the same runId retries what was given up.
 */
export class RunTracker {
  readonly progress: Progress;
  readonly #o: RunTrackerOptions;
  readonly #requestsAtStart: number;

  constructor(options: RunTrackerOptions) {
    this.#o = options;
    this.#requestsAtStart = options.requests();
    this.progress = {
      runId: options.runId,
      phase: "running",
      requests: 0,
      records: 0,
      skipped: 0,
      windowsDone: 0,
      windowsTotal: options.windowsTotal,
      givenUp: [],
    };
  }

  /** Requests this run has sent so far (`progress.requests` is as of the last `emit`). */
  get requests(): number {
    return this.#o.requests() - this.#requestsAtStart;
  }

  /** Reports progress to the consumer's `onProgress` (with a quota snapshot when there is a listener). */
  async emit(phase: Progress["phase"], extra: Partial<Progress> = {}): Promise<void> {
    const { progress } = this;
    progress.phase = phase;
    progress.requests = this.requests;
    Object.assign(progress, extra);
    const listener = this.#o.options.onProgress;
    if (!listener) return;
    if (this.#o.quota) progress.quota = await this.#o.quota().catch(() => undefined);
    listener({ ...progress, givenUp: [...progress.givenUp] });
  }

  /** A partition failed on every attempt: the run goes on, and will end incomplete. */
  async giveUp(ref: WindowRef, reason: string): Promise<void> {
    this.#o.logger.error(
      `${describeRef(ref)} given up after retries; a resume with the same runId retries it`,
      {
        reason,
      },
    );
    this.progress.givenUp.push(ref);
    await this.emit("running");
  }

  /** Reports how the run stopped (paused on quota, aborted, failed) and rethrows the error. */
  async fail(error: unknown): Promise<never> {
    if (error instanceof QuotaExhaustedError) {
      await this.emit("paused", { resumeAt: error.resumeAt });
      // A host's own request budget (code request_budget_spent) is not the platform's quota: its message says so.
      this.#o.logger.warn(
        error.code === "request_budget_spent"
          ? `${error.message} (runId ${this.#o.runId})`
          : `quota spent: the collection is paused; resume at ${error.resumeAt} with runId ${this.#o.runId}`,
      );
    } else {
      await this.emit(isArenaError(error) && error.code === "aborted" ? "aborted" : "failed");
    }
    throw error;
  }

  /** Ends the run: `IncompleteCollectionError` when a partition was given up, otherwise "completed". */
  async finish(resumeHint = ""): Promise<void> {
    const { givenUp } = this.progress;
    if (givenUp.length) {
      await this.emit("incomplete");
      throw new IncompleteCollectionError(
        `${givenUp.length} ${this.#o.unit}(s) failed on every attempt and were given up: ` +
          `${givenUp.map(describeRef).join(", ")}. Everything else was collected. ` +
          `Resume with runId ${this.#o.runId} to retry them${resumeHint}.`,
        { givenUp: givenUp.map((g) => ({ ...g, reason: "failed on every attempt" })) },
      );
    }
    await this.emit("completed");
  }
}

/** A partition in messages: "terms#0 2026-09-01..2026-09-08", or the target. */
export function describeRef(ref: WindowRef): string {
  return ref.since ? `${ref.partition} ${ref.since.slice(0, 10)}..${ref.until.slice(0, 10)}` : ref.partition;
}
