import { createHash } from "node:crypto";
import {
  type Checkpoint,
  type CollectOptions,
  type Page,
  type PageSource,
  runCollection,
  type StreamReport,
  type TargetOutcome,
  type TargetStatus,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { type ExtraEndpoint, type ExtraPage, fetchExtraPage } from "../paging/extra-pages.js";
import type { Mapped } from "./list-run.js";

export interface ExtraRunSpec<Q, T> {
  kind: string;
  runId: string;
  fingerprint: string;
  endpoint: ExtraEndpoint<Q>;
  /** One partition each: a search, an ad ID, a shop ID… `label` names it in outcomes and checkpoints. */
  targets: readonly { label: string; query: Q }[];
  /** Records per target at most. */
  limit?: number;
  options: CollectOptions;
  map: (item: unknown, page: ExtraPage, target: string) => Mapped<T> | undefined;
  describe: (target: string) => string;
}

interface ExtraPageRead extends Page<unknown> {
  extra: ExtraPage | undefined;
}

/**
 * An endpoint of `extra-pages.ts` over its targets on the engine, exactly as the classic list endpoints
 * run (`list-run.ts`): a checkpoint per target after every page (the search_id or page number), records
 * de-duplicated per target, each target's outcome in the report, resumable with the same runId, and the
 * engine's budgets (`requestBudget`, `maxResults`) and error verdicts.
 */
export async function* runExtraCollection<Q, T>(
  deps: TikTokDeps,
  spec: ExtraRunSpec<Q, T>,
  report: StreamReport,
): AsyncGenerator<T> {
  const targetOf = (label: string) =>
    label.startsWith(`${spec.kind}:`) ? label.slice(spec.kind.length + 1) : label;
  const source: PageSource<Q, ExtraPageRead, T> = {
    async fetchPage({ task, cursor, records, signal }) {
      const remaining = spec.limit === undefined ? undefined : spec.limit - records;
      const extra = await fetchExtraPage({
        client: deps.client,
        endpoint: spec.endpoint,
        query: task.query,
        cursor,
        ...(remaining === undefined ? {} : { limit: remaining }),
        ...(signal ? { signal } : {}),
        describe: spec.describe(targetOf(task.label)),
      });
      const state = (_keys: readonly string[], limitReached: boolean) => ({
        status: "ok",
        ...(limitReached || (remaining !== undefined && remaining <= 0) ? { limitReached: true } : {}),
      });
      if (!extra) return { items: [], next: cursor, done: true, sent: false, data: state, extra };
      return {
        items: extra.items,
        next: extra.next,
        done: extra.done,
        data: state,
        ...(extra.fault ? { fault: extra.fault } : {}),
        extra,
      };
    },
    normalise(item, _index, page, { task }) {
      const target = targetOf(task.label);
      const mapped = spec.map(item, page.extra as ExtraPage, target);
      if (!mapped) {
        deps.logger.warn(
          `skipped an item of ${spec.describe(target)} that does not match the documented shape`,
        );
        return undefined;
      }
      return { ...mapped, key: createHash("sha256").update(mapped.key).digest("hex").slice(0, 16) };
    },
  };
  yield* runCollection(deps, {
    kind: spec.kind,
    runId: spec.runId,
    fingerprint: spec.fingerprint,
    options: spec.options,
    partitions: spec.targets.map((t) => ({ label: `${spec.kind}:${t.label}`, query: t.query })),
    ...(spec.limit === undefined ? {} : { partitionLimit: spec.limit }),
    unit: "target",
    source,
    requests: () => deps.client.stats.requests,
    quota: () => deps.quotaSnapshot(spec.endpoint.pool),
    onSettled: (task, checkpoint, how) => {
      const outcome = outcomeOf(targetOf(task.label), checkpoint);
      report.outcomes.push(
        how === "given-up" ? { ...outcome, status: "failed", detail: checkpoint.givenUp ?? "" } : outcome,
      );
    },
  });
}

function outcomeOf(target: string, checkpoint: Checkpoint): TargetOutcome {
  const status = (checkpoint.data?.status as TargetStatus | undefined) ?? "ok";
  const detail = checkpoint.data?.detail as string | undefined;
  return { target, status, records: checkpoint.records, ...(detail ? { detail } : {}) };
}
