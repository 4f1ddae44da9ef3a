import {
  type CollectOptions,
  ConfigError,
  type ContentRecord,
  DAY_MS,
  type EngagementRefreshResult,
  engagementScore,
  isArenaError,
  QuotaExhaustedError,
  RunTracker,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { type ApiVideo, apiVideoSchema } from "../endpoints/video-query.js";
import { ENGAGEMENT_LAG_DAYS, normalizeVideo } from "../normalize/video-record.js";
import { videoPages } from "../paging/video-pages.js";
import { inValues } from "../query/conditions.js";
import { type RefreshItem, refreshBatches } from "./refresh-batches.js";
import { videoIdTime } from "./video-id-time.js";

export interface TikTokRefreshResult extends EngagementRefreshResult {
  /** IDs not asked for because the quota ran out (see `paused`) or their batch failed; refresh them later. */
  pending: string[];
  /** Set when the quota ran out: when the rest can be refreshed. */
  paused?: { resumeAt: string; pool: string };
  /** Batches that failed on every retry. */
  failures: { ids: number; reason: string }[];
}

/** `refreshEngagement`'s options: a collection's, and a hook after every batch. */
export interface RefreshOptions extends CollectOptions {
  /**
   * Called after each batch that came back (one request of up to 100 IDs) with what it brought, and
   * awaited before the next request: a caller that stores them here keeps every batch that was
   * refreshed, whatever ends the refresh later (a spent quota, a kill). A failed batch is in `pending`.
   */
  onBatch?: (batch: { updated: ContentRecord[]; missing: string[] }) => Promise<void> | void;
  /**
   * Earlier records kept outside memory (a file larger than RAM): give their IDs as strings and say
   * here when each was published (placing it in its batch, as a record's published_at would) and how
   * to read a batch's records back. Those records are refreshed like records given in the input;
   * IDs it does not know come back as new records. Pair it with `onBatch` and `keepUpdated: false`,
   * and memory stays small whatever the input's size.
   */
  earlierRecords?: EarlierRecords;
  /**
   * Whether the result's `updated` holds every refreshed record (default true). With `onBatch` a caller
   * that stores each batch itself can say false: the result's `updated` is then empty.
   */
  keepUpdated?: boolean;
}

/** Where the earlier records of IDs given as strings are (see `RefreshOptions.earlierRecords`). */
export interface EarlierRecords {
  /** The record's published_at (epoch ms; null when it has none), or undefined when there is no such record. */
  publishedAt(id: string): number | null | undefined;
  /** The records of these IDs (some or all); each must be a TikTok video record with that platform_id. */
  read(ids: readonly string[]): Promise<ReadonlyMap<string, ContentRecord>>;
}

/** Verdicts that mean the batch kept failing (not the run's configuration, credentials or quota). */
const BATCH_FAILED = new Set(["split", "restart-search", "give-up", "retry"]);

/**
 * Re-collects engagement counts by video ID: `video/query/` with `video_id IN [...]`, up to 100 IDs
 * per request, grouped so each request's start/end dates cover its videos' create dates (from the
 * record's published_at, or decoded from the ID). Records come back with new counts, the old ones in
 * `raw_metadata.engagement_previous` and `raw_metadata.engagement_refreshed_at`; bare IDs come back as
 * full records. IDs the API no longer returns (deleted, made private) are `missing`. A spent quota ends
 * the refresh early with `paused` and the rest in `pending`, instead of losing what was refreshed.
 */
export async function refreshEngagement(
  deps: TikTokDeps,
  input: readonly (ContentRecord | string)[],
  options: RefreshOptions = {},
): Promise<TikTokRefreshResult> {
  const { client, clock, logger } = deps;
  const wanted = parseRefreshInput(input, options.earlierRecords);
  const batches = refreshBatches(
    [...wanted.values()].map((w) => w.item),
    clock.now(),
  );
  const result: TikTokRefreshResult = { updated: [], missing: [], requests: 0, pending: [], failures: [] };
  const tracker = new RunTracker({
    runId: options.runId ?? "refresh",
    options,
    requests: () => client.stats.requests,
    windowsTotal: batches.length,
    logger,
    unit: "batch",
  });
  const { progress } = tracker;
  const detector = await deps.languageDetector();

  for (const [index, batch] of batches.entries()) {
    const returned = new Map<string, ApiVideo>();
    try {
      for await (const page of videoPages({
        client,
        query: { and: [inValues("video_id", batch.ids)] },
        since: batch.since,
        until: batch.until,
        maxCount: 100,
        fields: deps.fields,
        isRandom: false,
        dateGuard: false,
        ...(options.signal ? { signal: options.signal } : {}),
        describe: `engagement refresh of ${batch.ids.length} video(s)`,
      })) {
        for (const raw of page.videos) {
          const parsed = apiVideoSchema.safeParse(raw);
          const id = parsed.success ? ((parsed.data.id ?? parsed.data.video_id) as string) : undefined;
          if (!parsed.success || !id || !wanted.has(id)) {
            progress.skipped++;
            continue;
          }
          returned.set(id, parsed.data);
        }
      }
    } catch (error) {
      if (error instanceof QuotaExhaustedError && error.verdict === "pause-quota") {
        result.paused = { resumeAt: error.resumeAt, pool: error.pool };
        for (const rest of batches.slice(index)) result.pending.push(...rest.ids);
        logger.warn(`quota spent: ${result.pending.length} video(s) left to refresh after ${error.resumeAt}`);
        break;
      }
      if (!isArenaError(error) || !BATCH_FAILED.has(error.verdict) || error.code === "aborted") throw error;
      result.failures.push({ ids: batch.ids.length, reason: error.message });
      result.pending.push(...batch.ids);
      logger.error(`an engagement refresh batch failed on every retry: ${error.message}`);
      continue;
    }
    const earlier = await readEarlier(options.earlierRecords, batch.ids, wanted, returned);
    const now = clock.now();
    const updated: ContentRecord[] = [];
    const missing: string[] = [];
    for (const id of batch.ids) {
      const video = returned.get(id);
      if (!video) {
        missing.push(id);
        continue;
      }
      const record = wanted.get(id)?.record ?? earlier.get(id);
      updated.push(record ? withNewCounts(record, video, now) : freshRecord(deps, video, now, detector));
    }
    if (options.keepUpdated !== false) result.updated.push(...updated);
    result.missing.push(...missing);
    progress.records += updated.length;
    await options.onBatch?.({ updated, missing });
    progress.windowsDone++;
    await tracker.emit("running");
  }
  result.requests = tracker.requests;
  await tracker.emit(
    result.paused ? "paused" : "completed",
    result.paused ? { resumeAt: result.paused.resumeAt } : {},
  );
  return result;
}

interface Wanted {
  item: RefreshItem;
  record?: ContentRecord;
  /** The ID was given as a string that `earlierRecords` knows: its record is read when its batch returns. */
  earlier?: true;
}

function parseRefreshInput(
  input: readonly (ContentRecord | string)[],
  earlierRecords: EarlierRecords | undefined,
): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  for (const [index, entry] of input.entries()) {
    if (typeof entry === "string") {
      const id = exactId(entry, `recordsOrIds.${index}`);
      if (wanted.has(id)) continue;
      const published = earlierRecords?.publishedAt(id);
      const item = { id, createdMs: createdTime(id, published) };
      wanted.set(id, published === undefined ? { item } : { item, earlier: true });
      continue;
    }
    checkRefreshable(entry, `recordsOrIds.${index}`);
    const id = exactId(entry.platform_id, `recordsOrIds.${index}.platform_id`);
    const createdMs = createdTime(id, entry.published_at ? Date.parse(entry.published_at) : null);
    wanted.set(id, { item: { id, createdMs }, record: entry });
  }
  return wanted;
}

/** When a video was created, for its batch: its record's published_at, or decoded from the ID without one. */
export function createdTime(id: string, publishedMs: number | null | undefined): number {
  return publishedMs == null || Number.isNaN(publishedMs) ? videoIdTime(id) : publishedMs;
}

function checkRefreshable(record: ContentRecord, field: string): void {
  if (record.platform !== "tiktok" || record.content_type !== "video") {
    throw new ConfigError(
      `${field}: only TikTok video records can be refreshed (got ${record.platform} ${record.content_type})`,
      { field },
    );
  }
}

/** The earlier records of a returned batch's IDs given as strings, read through `earlierRecords` (checked). */
async function readEarlier(
  earlierRecords: EarlierRecords | undefined,
  ids: readonly string[],
  wanted: ReadonlyMap<string, Wanted>,
  returned: ReadonlyMap<string, ApiVideo>,
): Promise<ReadonlyMap<string, ContentRecord>> {
  const needed = ids.filter((id) => wanted.get(id)?.earlier && returned.has(id));
  if (!earlierRecords || !needed.length) return new Map();
  const records = await earlierRecords.read(needed);
  for (const [id, record] of records) {
    checkRefreshable(record, `earlierRecords.read: ${id}`);
    if (record.platform_id !== id) {
      throw new ConfigError(
        `earlierRecords.read answered the record of ${record.platform_id} for ${id}: the source changed?`,
        { field: "earlierRecords" },
      );
    }
  }
  return records;
}

export function exactId(value: string, field: string): string {
  const id = value.trim();
  if (/^\d{1,20}$/.test(id)) return id;
  throw new ConfigError(
    `${field}: ${JSON.stringify(value)} is not a TikTok video ID (a decimal integer string)`,
    {
      field,
    },
  );
}

function withNewCounts(record: ContentRecord, video: ApiVideo, now: number): ContentRecord {
  const counts = {
    views: video.view_count ?? null,
    likes: video.like_count ?? null,
    comments: video.comment_count ?? null,
    shares: video.share_count ?? null,
  };
  const published = record.published_at ? Date.parse(record.published_at) : video.create_time * 1000;
  const at = new Date(now).toISOString();
  const favorites = video.favorites_count ?? video.favourites_count;
  return {
    ...record,
    views_count: counts.views,
    likes_count: counts.likes,
    comments_count: counts.comments,
    shares_count: counts.shares,
    engagement_score: engagementScore(counts),
    raw_metadata: {
      ...record.raw_metadata,
      ...(favorites == null ? {} : { favorites_count: favorites }),
      engagement_previous: {
        views: record.views_count,
        likes: record.likes_count,
        comments: record.comments_count,
        shares: record.shares_count,
        collected_at: record.raw_metadata.engagement_collected_at ?? record.collected_at,
      },
      engagement_collected_at: at,
      engagement_refreshed_at: at,
      engagement_settling: now - published < ENGAGEMENT_LAG_DAYS * DAY_MS,
    },
  };
}

function freshRecord(
  deps: TikTokDeps,
  video: ApiVideo,
  now: number,
  languageDetector: Awaited<ReturnType<TikTokDeps["languageDetector"]>>,
): ContentRecord {
  const record = normalizeVideo(video, {
    collectedAt: now,
    tier: "free",
    pseudonymize: deps.pseudonymize,
    keepAuthorHandles: deps.keepAuthorHandles,
    languageDetector,
    matchTerms: () => [],
    metadata: { source_endpoint: "video/query/ (video_id IN)" },
  });
  record.raw_metadata.engagement_refreshed_at = new Date(now).toISOString();
  return record;
}
