import { VIDEO_FIELDS, VIDEO_QUERY_ENDPOINT } from "../endpoints/video-query.js";
import type { PlannedApiRequest } from "../paging/plan-requests.js";
import { videoQueryBody } from "../paging/video-pages.js";
import { lookupQuery } from "../streams/video-lookup-stream.js";
import { refreshBatches } from "./refresh-batches.js";
import { createdTime, exactId } from "./refresh-engagement.js";

/** A video to refresh: its ID, or its ID and when it was published (epoch ms; null or absent: decoded from the ID). */
export type RefreshTarget = string | { id: string; publishedAt?: number | null };

/**
 * `refreshEngagement`'s requests, without sending them (`--dry-run`): one `video/query/` per batch of
 * up to 100 IDs (`video_id IN`), with the dates that cover its videos' create dates, exactly as the
 * refresh would send them. A batch the API pages (rare: deleted videos make pages short) adds requests.
 */
export function planRefreshRequests(
  videos: readonly RefreshTarget[],
  now: number = Date.now(),
): PlannedApiRequest[] {
  const seen = new Set<string>();
  const items: { id: string; createdMs: number }[] = [];
  for (const [index, video] of videos.entries()) {
    const given = typeof video === "string" ? { id: video } : video;
    const id = exactId(given.id, `videos.${index}${typeof video === "string" ? "" : ".id"}`);
    if (seen.has(id)) continue;
    seen.add(id);
    items.push({ id, createdMs: createdTime(id, given.publishedAt) });
  }
  return refreshBatches(items, now).map((batch, i) => ({
    endpoint: VIDEO_QUERY_ENDPOINT,
    fields: VIDEO_FIELDS.join(","),
    partition: `refresh:${i + 1} (${batch.ids.length} IDs)`,
    body: JSON.stringify(
      videoQueryBody(
        {
          query: lookupQuery(batch),
          since: batch.since,
          until: batch.until,
          maxCount: 100,
          isRandom: false,
          dateGuard: false,
        },
        { cursor: 0 },
      ),
    ),
  }));
}
