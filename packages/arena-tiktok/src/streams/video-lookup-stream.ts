import {
  type ContentRecord,
  fingerprint,
  type Page,
  type PageSource,
  type ReportingStream,
  reportingStream,
  runCollection,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { apiVideoSchema, VIDEO_QUERY_ENDPOINT } from "../endpoints/video-query.js";
import { normalizeVideo } from "../normalize/video-record.js";
import { fetchVideoPage } from "../paging/video-pages.js";
import { inValues, type VideoQuery } from "../query/conditions.js";
import { type RefreshBatch, refreshBatches } from "../refresh/refresh-batches.js";
import { videoIdTime } from "../refresh/video-id-time.js";
import { deriveRunId } from "../run/run-id.js";
import type { ListCollectOptions } from "./list-options.js";
import { parseIds } from "./targets.js";

/** The note on an ID the API did not return. */
export const NOT_RETURNED =
  "not returned by video/query/: deleted, made private, by a creator under 18, or otherwise outside the Research API";

/** The batches of a lookup: up to 100 IDs each, dates covering the members' create times (from the IDs). */
export function lookupBatches(ids: readonly string[], now: number): RefreshBatch[] {
  return refreshBatches(
    ids.map((id) => ({ id, createdMs: videoIdTime(id) })),
    now,
  );
}

/** The query of a batch: `video_id IN [...]` (one ID: EQ). */
export const lookupQuery = (batch: RefreshBatch): VideoQuery => ({ and: [inValues("video_id", batch.ids)] });

interface LookupPage extends Page<unknown> {
  collectedAt: number;
  metadata: Record<string, unknown>;
}

/**
 * Videos by ID (`video/query/` with `video_id IN`, up to 100 IDs a request, each request's dates
 * covering its IDs' create times, which the IDs encode) as UCR video records, on the engine: one
 * checkpoint per batch, resumable. The report has one outcome per ID: `ok`, or `not_found` for an ID
 * the API did not return (its batch's checkpoint keeps the IDs that came back, so a resume knows).
 */
export function videoLookupStream(
  deps: TikTokDeps,
  videoIds: string | readonly (string | bigint)[],
  options: ListCollectOptions = {},
): ReportingStream<ContentRecord> {
  return reportingStream(async function* (report) {
    const ids = parseIds(videoIds, "videoIds");
    const batches = lookupBatches(ids, deps.clock.now());
    const request = { videoIds: ids };
    const languageDetector = await deps.languageDetector();
    const source: PageSource<RefreshBatch, LookupPage, ContentRecord> = {
      async fetchPage({ task, cursor, data, signal }) {
        const batch = task.query;
        const page = await fetchVideoPage(
          {
            client: deps.client,
            query: lookupQuery(batch),
            since: batch.since,
            until: batch.until,
            maxCount: 100,
            fields: deps.fields,
            isRandom: false,
            dateGuard: false,
            ...(signal ? { signal } : {}),
            describe: `lookup of ${batch.ids.length} video ID(s)`,
          },
          { cursor: Number(cursor.cursor ?? 0), ...(cursor.searchId ? { searchId: cursor.searchId } : {}) },
        );
        const before = (data?.returned as string[] | undefined) ?? [];
        return {
          items: page.videos,
          next: {
            cursor: String(page.next.cursor),
            ...(page.next.searchId ? { searchId: page.next.searchId } : {}),
          },
          done: !page.hasMore,
          data: (keys) => ({ returned: [...new Set([...before, ...keys])] }),
          collectedAt: deps.clock.now(),
          metadata: {
            source_endpoint: `${VIDEO_QUERY_ENDPOINT} (video_id IN)`,
            request_fingerprint: page.fingerprint,
            page_cursor: page.requestedCursor,
            ...(page.next.searchId ? { search_id: page.next.searchId } : {}),
            ...(page.logId ? { log_id: page.logId } : {}),
          },
        };
      },
      normalise(raw, _index, page, { task }) {
        const parsed = apiVideoSchema.safeParse(raw);
        const id = parsed.success
          ? ((parsed.data.id ?? parsed.data.video_id) as string | undefined)
          : undefined;
        if (!parsed.success || !id || !task.query.ids.includes(id)) return undefined;
        const record = normalizeVideo(parsed.data, {
          collectedAt: page.collectedAt,
          tier: "free",
          pseudonymize: deps.pseudonymize,
          keepAuthorHandles: deps.keepAuthorHandles,
          languageDetector,
          matchTerms: () => [],
          metadata: page.metadata,
        });
        return { key: record.platform_id, id: record.platform_id, value: record };
      },
    };
    yield* runCollection(deps, {
      kind: "video-lookup",
      runId: options.runId ?? deriveRunId("video-lookup", request),
      fingerprint: fingerprint(request),
      options,
      partitions: batches.map((batch, i) => ({ label: `ids:${i + 1}`, query: batch })),
      ...(options.maxResults === undefined ? {} : { maxResults: options.maxResults }),
      unit: "target",
      source,
      requests: () => deps.client.stats.requests,
      quota: () => deps.quotaSnapshot(),
      onSettled: (task, checkpoint, how) => {
        const returned = new Set((checkpoint.data?.returned as string[] | undefined) ?? []);
        for (const id of task.query.ids) {
          if (how === "given-up") {
            report.outcomes.push({
              target: id,
              status: "failed",
              records: 0,
              detail: checkpoint.givenUp ?? "",
            });
          } else if (returned.has(id)) {
            report.outcomes.push({ target: id, status: "ok", records: 1 });
          } else {
            report.outcomes.push({ target: id, status: "not_found", records: 0, detail: NOT_RETURNED });
          }
        }
      },
    });
  });
}
