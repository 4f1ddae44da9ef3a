import {
  type CollectOptions,
  type ContentRecord,
  type Deferral,
  dateWindows,
  formatWindow,
  type Page,
  type PageSource,
  type PlannerHistory,
  type RunPlan,
  type RunResult,
  type RunShare,
  runCollection,
  type SilentZeroSpec,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { apiVideoSchema } from "../endpoints/video-query.js";
import type { VideoNormalizeContext } from "../normalize/video-record.js";
import { normalizeVideo } from "../normalize/video-record.js";
import { type FetchedPage, fetchVideoPage } from "../paging/video-pages.js";
import type { VideoQuery } from "../query/conditions.js";
import { collectionRulesAt } from "./collection-rules.js";
import type { WindowPlanners } from "./window-planners.js";

export interface VideoRunPart {
  label: string;
  query: VideoQuery;
}

export interface VideoRunSpec {
  kind: "terms" | "actors" | "query";
  runId: string;
  fingerprint: string;
  parts: VideoRunPart[];
  since: Date;
  until: Date;
  maxResults?: number;
  languages?: readonly string[];
  /** With `languages`: records detected in a wanted language below this confidence are dropped ("da (uncertain)"). */
  languageMinConfidence?: number;
  /** Windows within the ingestion lag: left for a later run. */
  deferral?: Deferral;
  /** The silent-zero alarm. */
  silentZeros?: SilentZeroSpec;
  isRandom: boolean;
  options: CollectOptions;
  /** Builds the normaliser context once the plan (and its author info) is known. */
  context: (plan: RunPlan) => Promise<Omit<VideoNormalizeContext, "metadata" | "collectedAt">>;
  /** collectByActors: fetch user info into the plan before the first page. */
  prepare?: (plan: RunPlan) => Promise<boolean>;
  /** This invocation's share of the run's cost, for estimateCost's history. */
  recordShare?: (share: RunShare, completed: boolean) => Promise<void>;
  /**
   * Adaptive windows (`windowPlan: "adaptive"`): the planners, what they start from, and where they
   * keep what they learn (after each page that changed it, so a paused or killed run keeps it too).
   */
  planners?: {
    planners: WindowPlanners;
    history: () => Promise<PlannerHistory | undefined>;
    save: (learnt: PlannerHistory) => Promise<void>;
  };
  /** Windows in flight at once (default 1). */
  concurrency?: number;
}

/** A video query page with what its records need: the window and the page's normaliser context. */
interface VideoPageRead extends Page<unknown> {
  window: { since: number; until: number };
  context: VideoNormalizeContext;
}

/**
 * A video collection (collectByTerms, collectByActors) on the engine: partitions × windows × pages,
 * checkpointed per page, split when a window keeps failing, leased per window for many workers. This
 * file supplies only what is TikTok's: the request for a window and cursor (`fetchVideoPage`), the
 * page's metadata, and the normalisation of a video (invalid, out-of-window and unwanted-language
 * videos are skipped and counted).
 */
export function runVideoCollection(
  deps: TikTokDeps,
  spec: VideoRunSpec,
): AsyncGenerator<ContentRecord, RunResult> {
  const { clock, logger } = deps;
  const languages = spec.languages?.length ? new Set(spec.languages) : undefined;
  const minConfidence = spec.languageMinConfidence;
  let context: Omit<VideoNormalizeContext, "metadata" | "collectedAt"> | undefined;
  /** What the planners last saved (JSON), so a page that taught nothing new writes nothing. */
  let savedLearnt: string | undefined;
  const source: PageSource<VideoRunPart["query"], VideoPageRead, ContentRecord> = {
    async fetchPage({ task, cursor, signal }) {
      const window = task.window as { since: Date; until: Date };
      const page: FetchedPage = await fetchVideoPage(
        {
          client: deps.client,
          query: task.query,
          since: window.since,
          until: window.until,
          maxCount: deps.maxCount,
          fields: deps.fields,
          isRandom: spec.isRandom,
          dateGuard: deps.dateGuard,
          ...(signal ? { signal } : {}),
          describe: `video query ${task.label} ${formatWindow(window)}`,
        },
        { cursor: Number(cursor.cursor ?? 0), ...(cursor.searchId ? { searchId: cursor.searchId } : {}) },
      );
      if (page.attempts > 1) spec.planners?.planners.noteFailures(task.label, window, page.attempts - 1);
      // The last page's cursor counts the window's results, deleted videos too (they take a page's place).
      if (!page.hasMore && !spec.isRandom) {
        spec.planners?.planners.noteMatches(task.label, window, page.next.cursor);
      }
      const collectedAt = clock.now();
      const collectionRules = collectionRulesAt(collectedAt, deps.ingestionLagDays, deps.baseUrl);
      return {
        items: page.videos,
        next: {
          cursor: String(page.next.cursor),
          ...(page.next.searchId ? { searchId: page.next.searchId } : {}),
        },
        done: !page.hasMore,
        window: { since: window.since.getTime(), until: window.until.getTime() },
        context: {
          ...(context as Omit<VideoNormalizeContext, "metadata" | "collectedAt">),
          collectedAt,
          collectedAtIso: new Date(collectedAt).toISOString(),
          collectionRules,
          metadata: {
            search_id: page.next.searchId ?? null,
            request_fingerprint: page.fingerprint,
            is_random: spec.isRandom,
            page_cursor: page.requestedCursor,
            ...(page.logId ? { log_id: page.logId } : {}),
          },
        },
      };
    },
    normalise(raw, _index, page) {
      const parsed = apiVideoSchema.safeParse(raw);
      if (!parsed.success) {
        logger.warn("skipped a video that does not match the documented shape", {
          window: formatWindow({ since: new Date(page.window.since), until: new Date(page.window.until) }),
          issue: parsed.error.issues[0]?.message,
        });
        return undefined;
      }
      const video = parsed.data;
      const createdMs = video.create_time * 1000;
      if (createdMs < page.window.since || createdMs >= page.window.until) return undefined;
      const record = normalizeVideo(video, page.context);
      // A record in a language the query does not want: counted per detected language (PageCommit.dropped).
      if (languages && !(record.language && languages.has(record.language))) {
        return { dropped: record.language ?? "und" };
      }
      // Detected as wanted, but not surely enough for this query: counted apart ("da (uncertain)").
      if (languages && minConfidence !== undefined && languageConfidence(record) < minConfidence) {
        return { dropped: `${record.language} (uncertain)` };
      }
      const id = record.platform_id;
      return { key: id, id, value: record };
    },
  };
  return runCollection(deps, {
    kind: spec.kind,
    runId: spec.runId,
    fingerprint: spec.fingerprint,
    options: spec.options,
    partitions: spec.parts,
    windows: dateWindows(spec.since, spec.until, deps.windowDays),
    ...(spec.planners ? { adaptive: spec.planners.planners.adaptive(spec.since, spec.until) } : {}),
    ...(spec.concurrency && spec.concurrency > 1 ? { concurrency: spec.concurrency } : {}),
    leases: true,
    ...(spec.maxResults === undefined ? {} : { maxResults: spec.maxResults }),
    unit: "window",
    source,
    requests: () => deps.client.stats.requests,
    quota: () => deps.quotaSnapshot(),
    prepare: async (plan) => {
      if (spec.planners) spec.planners.planners.useHistory(await spec.planners.history());
      const changed = (await spec.prepare?.(plan)) ?? false;
      context = await spec.context(plan);
      return changed;
    },
    ...(spec.deferral ? { deferral: spec.deferral } : {}),
    ...(spec.silentZeros ? { silentZeros: spec.silentZeros } : {}),
    ...(spec.recordShare || spec.planners
      ? {
          recordShare: async (share: RunShare, completed: boolean) => {
            await spec.recordShare?.(share, completed);
            const learnt = spec.planners?.planners.learnt();
            const key = JSON.stringify(learnt ?? null);
            if (spec.planners && learnt && key !== savedLearnt) {
              savedLearnt = key;
              await spec.planners.save(learnt);
            }
          },
        }
      : {}),
  });
}

const languageConfidence = (record: ContentRecord): number => {
  const confidence = (record.raw_metadata as { language_confidence?: unknown }).language_confidence;
  return typeof confidence === "number" ? confidence : 0;
};
