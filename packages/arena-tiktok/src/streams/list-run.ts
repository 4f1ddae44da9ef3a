import { createHash } from "node:crypto";
import type { StreamReport, TargetOutcome, TargetStatus } from "@observatory/arena-core";
import {
  type Checkpoint,
  type CollectOptions,
  type Page,
  type PageSource,
  runCollection,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { fetchListPage, type ListEndpoint, type ListPage } from "../paging/list-pages.js";

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

interface ListPageRead extends Page<unknown> {
  list: ListPage | undefined;
}

/**
 * A list endpoint (comments, relations, user videos, playlists) over its targets on the engine: one
 * checkpoint partition per target, records per page, each target's outcome in the report. An unknown,
 * private or capped target is an outcome (its error's verdict is `skip-target`), not an error of the
 * batch; a target whose requests fail on every retry is given up (a resume retries it). This file
 * supplies only what is TikTok's: the request at a cursor, the timestamp cursor's boundary keys (items
 * at the boundary second come again on the next page), and the outcome.
 */
export async function* runListCollection<T>(
  deps: TikTokDeps,
  spec: ListRunSpec<T>,
  report: StreamReport,
): AsyncGenerator<T> {
  const { endpoint } = spec;
  const source: PageSource<string, ListPageRead, T> = {
    async fetchPage({ task, cursor, data, records, signal }) {
      const target = task.query;
      const remaining = spec.limit === undefined ? undefined : spec.limit - records;
      const list = await fetchListPage({
        client: deps.client,
        endpoint,
        target,
        cursor: cursor.cursor === undefined ? undefined : Number(cursor.cursor),
        ...(remaining === undefined ? {} : { limit: remaining }),
        ...(signal ? { signal } : {}),
        describe: spec.describe(target),
      });
      const capped = data?.status === "capped" || (list?.capped ?? false);
      const state = (keys: readonly string[], limitReached: boolean) => ({
        ...(endpoint.cursor === "timestamp" && list ? { boundary: [...keys] } : {}),
        status: capped ? "capped" : "ok",
        ...(limitReached || (remaining !== undefined && remaining <= 0) ? { limitReached: true } : {}),
      });
      if (!list) return { items: [], next: cursor, done: true, sent: false, data: state, list };
      return {
        items: list.items,
        next: list.next === undefined ? {} : { cursor: String(list.next) },
        done: !list.hasMore,
        known: new Set((data?.boundary as string[] | undefined) ?? []),
        data: state,
        ...(list.fault ? { fault: list.fault } : {}),
        list,
      };
    },
    normalise(item, index, page, { task }) {
      const mapped = spec.map(item, page.list as ListPage, task.query, index);
      if (!mapped) {
        deps.logger.warn(
          `skipped an item of ${spec.describe(task.query)} that does not match the documented shape`,
        );
        return undefined;
      }
      return { ...mapped, key: hashKey(mapped.key) };
    },
  };
  yield* runCollection(deps, {
    kind: spec.kind,
    runId: spec.runId,
    fingerprint: spec.fingerprint,
    options: spec.options,
    partitions: spec.targets.map((target) => ({ label: `${spec.kind}:${target}`, query: target })),
    ...(spec.limit === undefined ? {} : { partitionLimit: spec.limit }),
    unit: "target",
    source,
    requests: () => deps.client.stats.requests,
    quota: () => deps.quotaSnapshot(endpoint.pool),
    onSettled: (task, checkpoint, how) => {
      const outcome = outcomeOf(task.query, checkpoint);
      if (how === "given-up")
        report.outcomes.push({ ...outcome, status: "failed", detail: checkpoint.givenUp ?? "" });
      else report.outcomes.push(spec.explain ? spec.explain(outcome) : outcome);
    },
  });
}

function outcomeOf(target: string, checkpoint: Checkpoint): TargetOutcome {
  const status = (checkpoint.data?.status as TargetStatus | undefined) ?? "ok";
  const detail = checkpoint.data?.detail as string | undefined;
  return { target, status, records: checkpoint.records, ...(detail ? { detail } : {}) };
}

/** Keys are hashed before they reach memory sets and checkpoints (follower names are personal data). */
const hashKey = (key: string) => createHash("sha256").update(key).digest("hex").slice(0, 16);
