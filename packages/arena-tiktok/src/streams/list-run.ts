import { createHash } from "node:crypto";
import { type Checkpoint, type CollectOptions, ConfigError, type Progress } from "@observatory/arena-core";
import { throwIfAborted } from "../http/research-client.js";
import { type ListEndpoint, type ListPage, listPages } from "../paging/list-pages.js";
import { partitionCheckpoint } from "../run/partition-checkpoint.js";
import { isGiveUp, RunTracker } from "../run/run-tracker.js";
import type { StreamDeps } from "./stream-deps.js";
import type { StreamReport, TargetOutcome } from "./stream-report.js";
import { unavailableStatus } from "./unavailable.js";

/** One API item turned into a record: `key` de-duplicates, `id` is reported to beforeCheckpoint. */
export interface Mapped<T> {
  key: string;
  id: string;
  value: T;
}

export interface ListRunSpec<T> {
  kind: string;
  runId: string;
  /** Hash of the validated request: a runId is never reused for another one. */
  fingerprint: string;
  endpoint: ListEndpoint;
  targets: readonly string[];
  /** Records per target at most. */
  limit?: number;
  options: CollectOptions;
  /** An API item → a record, or undefined when it is invalid (skipped and counted). */
  map: (item: unknown, page: ListPage, target: string, index: number) => Mapped<T> | undefined;
  /** Adds the documented limit to a finished target's outcome (e.g. the follower cap). */
  explain?: (outcome: TargetOutcome) => TargetOutcome;
  describe: (target: string) => string;
}

const PLAN = "plan";

/**
 * Runs a list endpoint over its targets (one checkpoint partition per target), page by page: yields
 * records, checkpoints after every page (after its records were taken, before the next request), reports
 * each target's outcome, pauses on a spent quota, and gives up a target only after the transport's
 * retries (a resume with the same runId retries it). An unknown, private or capped target is an outcome,
 * not an error of the batch.
 */
export async function* runListCollection<T>(
  deps: StreamDeps,
  spec: ListRunSpec<T>,
  report: StreamReport,
): AsyncGenerator<T> {
  const { checkpoints, clock, logger, client } = deps;
  const { runId, options } = spec;
  await guardRun(deps, spec);
  const tracker = new RunTracker({
    runId,
    options,
    requests: () => client.stats.requests,
    windowsTotal: spec.targets.length,
    quota: () => deps.quotaSnapshot(spec.endpoint.pool),
    logger,
    unit: "target",
  });
  const { progress } = tracker;
  const emit = (phase: Progress["phase"]) => tracker.emit(phase);
  const finish = (outcome: TargetOutcome) => {
    report.outcomes.push(spec.explain ? spec.explain(outcome) : outcome);
    progress.windowsDone++;
  };

  try {
    for (const target of spec.targets) {
      const partition = `${spec.kind}:${target}`;
      const saved = await checkpoints.get(runId, partition);
      if (saved?.done) {
        finish(savedOutcome(target, saved));
        continue;
      }
      const checkpoint = partitionCheckpoint(saved, runId, partition);
      const save = async (ids: string[], data: Record<string, unknown>) => {
        checkpoint.data = data;
        checkpoint.updatedAt = new Date(clock.now()).toISOString();
        await options.beforeCheckpoint?.({ runId, partition, ids, done: checkpoint.done });
        await checkpoints.put(checkpoint);
      };
      const seen = new Set<string>();
      let boundary = new Set<string>((checkpoint.data?.boundary as string[] | undefined) ?? []);
      let capped = checkpoint.data?.status === "capped";
      try {
        const remaining = spec.limit === undefined ? undefined : spec.limit - checkpoint.records;
        let limitReached = remaining !== undefined && remaining <= 0;
        if (!limitReached) {
          for await (const page of listPages({
            client,
            endpoint: spec.endpoint,
            target,
            ...(checkpoint.cursor ? { start: Number(checkpoint.cursor) } : {}),
            ...(remaining === undefined ? {} : { limit: remaining }),
            ...(options.signal ? { signal: options.signal } : {}),
            describe: spec.describe(target),
          })) {
            const ids: string[] = [];
            const keys: string[] = [];
            for (const [index, item] of page.items.entries()) {
              const mapped = spec.map(item, page, target, index);
              if (!mapped) {
                progress.skipped++;
                logger.warn(
                  `skipped an item of ${spec.describe(target)} that does not match the documented shape`,
                );
                continue;
              }
              const key = hashKey(mapped.key);
              keys.push(key);
              if (seen.has(key) || boundary.has(key)) {
                progress.skipped++;
                continue;
              }
              seen.add(key);
              ids.push(mapped.id);
              progress.records++;
              checkpoint.records++;
              yield mapped.value;
              if (spec.limit !== undefined && checkpoint.records >= spec.limit) {
                limitReached = true;
                break;
              }
            }
            boundary = new Set(keys);
            capped ||= page.capped;
            checkpoint.pages++;
            if (page.next === undefined) delete checkpoint.cursor;
            else checkpoint.cursor = String(page.next);
            checkpoint.done = !page.hasMore || limitReached;
            await save(ids, {
              ...(spec.endpoint.cursor === "timestamp" ? { boundary: keys } : {}),
              status: capped ? "capped" : "ok",
              ...(limitReached ? { limitReached: true } : {}),
            });
            await emit("running");
            throwIfAborted(options.signal);
            if (checkpoint.done) break;
          }
        }
        if (!checkpoint.done) {
          checkpoint.done = true;
          await save([], {
            status: capped ? "capped" : "ok",
            ...(limitReached ? { limitReached: true } : {}),
          });
        }
        finish({ target, status: capped ? "capped" : "ok", records: checkpoint.records });
      } catch (error) {
        const unavailable = unavailableStatus(error);
        if (unavailable) {
          progress.skipped++;
          logger.warn(`${spec.describe(target)}: ${unavailable.status}; continuing with the next target`, {
            detail: unavailable.detail,
          });
          checkpoint.done = true;
          await save([], { status: unavailable.status, detail: unavailable.detail });
          finish({ target, ...unavailable, records: checkpoint.records });
          await emit("running");
          continue;
        }
        if (!isGiveUp(error)) throw error;
        const reason = (error as Error).message;
        checkpoint.givenUp = reason;
        checkpoint.updatedAt = new Date(clock.now()).toISOString();
        await checkpoints.put(checkpoint);
        report.outcomes.push({ target, status: "failed", records: checkpoint.records, detail: reason });
        await tracker.giveUp({ partition, since: "", until: "" }, reason);
      }
    }
  } catch (error) {
    await tracker.fail(error);
  }
  await tracker.finish();
}

/** A runId belongs to one request: refuse to resume it with another. */
async function guardRun(deps: StreamDeps, spec: ListRunSpec<unknown>): Promise<void> {
  const saved = await deps.checkpoints.get(spec.runId, PLAN);
  const data = saved?.data as { kind?: string; fingerprint?: string } | undefined;
  if (data && (data.kind !== spec.kind || data.fingerprint !== spec.fingerprint)) {
    throw new ConfigError(
      `runId "${spec.runId}" belongs to a different request; use a new runId (or the same request to resume it).`,
      { field: "runId" },
    );
  }
  if (data) return;
  await deps.checkpoints.put({
    runId: spec.runId,
    partition: PLAN,
    done: false,
    pages: 0,
    records: 0,
    data: { kind: spec.kind, fingerprint: spec.fingerprint },
    updatedAt: new Date(deps.clock.now()).toISOString(),
  });
}

function savedOutcome(target: string, saved: Checkpoint): TargetOutcome {
  const status = (saved.data?.status as TargetOutcome["status"] | undefined) ?? "ok";
  const detail = saved.data?.detail as string | undefined;
  return { target, status, records: saved.records, ...(detail ? { detail } : {}) };
}

/** Keys are hashed before they reach memory sets and checkpoints (follower names are personal data). */
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 16);
