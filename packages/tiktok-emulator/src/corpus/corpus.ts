import type { Clock } from "../clock.js";
import type { JsonValue } from "../json/lossless.js";
import { toWire, type WireValue } from "../json/wire.js";
import { Lru } from "../lru.js";
import { compileQuery, type VideoPredicate, type VideoQuery } from "../query/compile.js";
import { type DateRange, resolveDateRange } from "../query/date-range.js";
import { generateComments, type RawComment, visibleComments } from "./comments.js";
import { engagementAt } from "./engagement.js";
import type { CorpusData } from "./generate.js";
import { followersOf, followingOf, likedVideosOf, pinnedVideosOf, repostedVideosOf } from "./relations.js";
import type {
  CorpusComment,
  CorpusPlaylist,
  CorpusUser,
  CorpusVideo,
  Engagement,
  TimedVideo,
  UserRelation,
} from "./types.js";

export interface CorpusSettings {
  readonly clock: Clock;
  /** Videos appear this many days after they were posted (default 2). */
  readonly ingestionLagDays: number;
  readonly endDateInclusive: boolean;
  /** Most values one condition may list (default 100). */
  readonly maxFieldValues: number;
  /** Seconds a video reaches the API after `ingestionLagDays` (a living corpus; default none). */
  readonly lateIngestion?: (index: number) => number;
}

/** One page the API would serve when paging `matchVideos` with `maxCount`. */
export interface ExpectedPage {
  readonly cursor: number;
  readonly nextCursor: number;
  /** Ids of the non-deleted videos in the page, in order. */
  readonly ids: readonly string[];
  readonly hasMore: boolean;
}

/**
 * The synthetic corpus as the API sees it at the clock's "now", and the ground truth tests compare
 * against. A video exists only from `ingestionLagDays` after its create time.
 */
export class Corpus {
  readonly #data: CorpusData;
  readonly #settings: CorpusSettings;
  readonly #comments = new Lru<string, RawComment[]>(128);
  readonly #lists = new Lru<string, readonly unknown[]>(512);
  readonly #predicates = new Lru<string, VideoPredicate>(1_024);
  readonly #matches = new Lru<string, readonly number[]>(1_024);

  constructor(data: CorpusData, settings: CorpusSettings) {
    this.#data = data;
    this.#settings = settings;
  }

  get seed(): number {
    return this.#data.seed;
  }
  /**
   * Every video, oldest first, including deleted ones and ones not yet ingested. The first call
   * materialises the whole corpus (videos are otherwise built on first use); prefer `videoAt`.
   */
  get videos(): readonly CorpusVideo[] {
    return this.#data.table.all();
  }
  get videoCount(): number {
    return this.#data.table.length;
  }
  /** The video at a corpus index (oldest first). */
  videoAt(index: number): CorpusVideo {
    return this.#data.table.get(index);
  }
  /** Creators (busiest first), then audience accounts. */
  get users(): readonly CorpusUser[] {
    return this.#data.users;
  }
  get playlists(): readonly CorpusPlaylist[] {
    return this.#data.playlists;
  }
  get settings(): CorpusSettings {
    return this.#settings;
  }

  nowSeconds(): number {
    return Math.floor(this.#settings.clock.now() / 1000);
  }

  /** The newest create time that is already searchable. */
  ingestedBefore(nowSeconds = this.nowSeconds()): number {
    return nowSeconds - this.#settings.ingestionLagDays * 86_400;
  }

  /**
   * Exists for the API now: ingested (and, unless `includeDeleted`, not deleted). Deletion is read
   * from the table, so a video deleted after `v` was read (see `deleteVideo`) counts as deleted.
   */
  isVisible(v: CorpusVideo, includeDeleted = false, nowSeconds = this.nowSeconds()): boolean {
    return (
      v.createTime + (this.#settings.lateIngestion?.(v.index) ?? 0) <= this.ingestedBefore(nowSeconds) &&
      (includeDeleted || !this.#data.table.get(v.index).deleted)
    );
  }

  /**
   * Deletes the video at a corpus index from now on, for every endpoint and every ground-truth helper
   * (`videoIdsMatching`, `expectedPages`, `videos`, …). Returns its id when it was live until now.
   */
  deleteVideo(index: number): string | undefined {
    return this.#data.table.markDeleted(index) ? this.#data.table.id(index) : undefined;
  }

  user(username: string): CorpusUser | undefined {
    return this.#data.userByName.get(username.trim().replace(/^@/, "").toLowerCase());
  }
  video(id: string): CorpusVideo | undefined {
    const index = this.#data.table.indexOfId(id);
    return index < 0 ? undefined : this.#data.table.get(index);
  }
  playlist(id: string): CorpusPlaylist | undefined {
    return this.#data.playlistById.get(id);
  }
  /** Corpus indices of a creator's videos, oldest first. */
  videoIndicesOf(username: string): readonly number[] {
    return this.#data.videosByUser.get(username) ?? [];
  }

  engagementOf(v: CorpusVideo, nowSeconds = this.nowSeconds()): Engagement {
    return engagementAt(v, nowSeconds);
  }

  /** Corpus indices of matches in `range`, newest first, deleted ones included (the API pages over them). */
  matchIndices(
    predicate: VideoPredicate,
    range: DateRange,
    nowSeconds = this.nowSeconds(),
    /** Per-video lateness applied against `nowSeconds`; null ignores it (the cache applies it per call). */
    lateIngestion: ((index: number) => number) | null = this.#settings.lateIngestion ?? null,
  ): number[] {
    const table = this.#data.table;
    const end = Math.min(range.endSeconds, this.ingestedBefore(nowSeconds) + 1);
    const out: number[] = [];
    const late = lateIngestion;
    const cutoff = this.ingestedBefore(nowSeconds);
    for (let i = table.lowerBound(end) - 1; i >= 0 && table.createTime(i) >= range.startSeconds; i--) {
      if (late && table.createTime(i) + late(i) > cutoff) continue;
      if (predicate(table.get(i))) out.push(i);
    }
    return out;
  }

  /**
   * A validated, compiled query (400 when invalid), cached by the query's canonical JSON text
   * (`key`, computed when not given).
   */
  predicateFor(query: JsonValue | undefined, key = queryKey(query)): VideoPredicate {
    return this.#predicates.getOrCreate(key, () => compileQuery(query, this.#settings.maxFieldValues));
  }

  /**
   * `matchIndices` through a cache: the corpus never changes, so a query's matches over a range
   * are computed once (ignoring the ingestion cut-off) and the cut-off is applied per call.
   */
  matchIndicesCached(
    query: JsonValue | undefined,
    range: DateRange,
    nowSeconds = this.nowSeconds(),
    key = queryKey(query),
  ): readonly number[] {
    const predicate = this.predicateFor(query, key);
    const all = this.#matches.getOrCreate(`${key}|${range.startSeconds}|${range.endSeconds}`, () =>
      this.matchIndices(predicate, range, range.endSeconds + this.#settings.ingestionLagDays * 86_400, null),
    );
    const cutoff = this.ingestedBefore(nowSeconds);
    const table = this.#data.table;
    let skip = 0;
    while (skip < all.length && table.createTime(all[skip] as number) > cutoff) skip++;
    const late = this.#settings.lateIngestion;
    if (late) return all.slice(skip).filter((i) => table.createTime(i) + late(i) <= cutoff);
    return skip === 0 ? all : all.slice(skip);
  }

  /** The ordered result set (newest first, including `deleted` videos) the API pages over for a query. */
  matchVideos(query: VideoQuery, startDate: string, endDate: string): CorpusVideo[] {
    const predicate = compileQuery(query as unknown as JsonValue, this.#settings.maxFieldValues);
    const range = resolveDateRange(startDate, endDate, this.#settings.endDateInclusive);
    return this.matchIndices(predicate, range).map((i) => this.#data.table.get(i));
  }

  /** Ids of the non-deleted matches: what a complete crawl collects. */
  videoIdsMatching(query: VideoQuery, startDate: string, endDate: string): string[] {
    return this.matchVideos(query, startDate, endDate)
      .filter((v) => !v.deleted)
      .map((v) => v.id);
  }

  /** The pages a fault-free crawl gets with `maxCount`: short where videos were deleted. */
  expectedPages(query: VideoQuery, startDate: string, endDate: string, maxCount = 20): ExpectedPage[] {
    const all = this.matchVideos(query, startDate, endDate);
    const pages: ExpectedPage[] = [];
    for (let cursor = 0; cursor < all.length || cursor === 0; cursor += maxCount) {
      const slice = all.slice(cursor, cursor + maxCount);
      const nextCursor = cursor + slice.length;
      pages.push({
        cursor,
        nextCursor,
        ids: slice.filter((v) => !v.deleted).map((v) => v.id),
        hasMore: nextCursor < all.length,
      });
      if (all.length === 0) break;
    }
    return pages;
  }

  /** The comments the API shows now (most liked first), before the 1,000 cap; [] for an unknown video. */
  commentsFor(videoId: string, nowSeconds = this.nowSeconds()): CorpusComment[] {
    const video = this.video(videoId);
    if (!video || !this.isVisible(video, false, nowSeconds)) return [];
    const all = this.#comments.getOrCreate(video.id, () => generateComments(this.#data.seed, video));
    return visibleComments(video, all, nowSeconds);
  }

  #list<T>(kind: string, user: CorpusUser, make: () => T[]): readonly T[] {
    return this.#lists.getOrCreate(`${kind}:${user.username}`, make) as readonly T[];
  }

  /** Public followers, newest first, capped near 5,000; only follows made by `nowSeconds`. */
  followersOf(user: CorpusUser, nowSeconds = this.nowSeconds()): UserRelation[] {
    return this.#list("followers", user, () => followersOf(this.#data, user)).filter(
      (r) => r.time <= nowSeconds,
    );
  }
  followingOf(user: CorpusUser, nowSeconds = this.nowSeconds()): UserRelation[] {
    return this.#list("following", user, () => followingOf(this.#data, user)).filter(
      (r) => r.time <= nowSeconds,
    );
  }
  /** Liked videos (newest like first) that exist now; only meaningful when `user.likedVisible`. */
  likedVideosOf(user: CorpusUser, nowSeconds = this.nowSeconds()): TimedVideo[] {
    return this.#list("liked", user, () => likedVideosOf(this.#data, user)).filter(
      (l) => l.time <= nowSeconds && this.isVisible(l.video, false, nowSeconds),
    );
  }
  repostedVideosOf(user: CorpusUser, nowSeconds = this.nowSeconds()): CorpusVideo[] {
    return this.#list("reposted", user, () => repostedVideosOf(this.#data, user)).filter((v) =>
      this.isVisible(v, false, nowSeconds),
    );
  }
  pinnedVideosOf(user: CorpusUser, nowSeconds = this.nowSeconds()): CorpusVideo[] {
    return this.#list("pinned", user, () => pinnedVideosOf(this.#data, user)).filter((v) =>
      this.isVisible(v, false, nowSeconds),
    );
  }
  /** A playlist's videos that exist now, in playlist order. */
  playlistVideos(playlist: CorpusPlaylist, nowSeconds = this.nowSeconds()): CorpusVideo[] {
    return playlist.videoIndices
      .map((i) => this.#data.table.get(i))
      .filter((v) => this.isVisible(v, false, nowSeconds));
  }
}

/** The canonical text of a query object, the key of the query caches. */
export function queryKey(query: JsonValue | undefined): string {
  return toWire(query as WireValue);
}
