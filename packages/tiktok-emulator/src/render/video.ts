import { ENGAGEMENT_GROWTH_DAYS, engagementAt } from "../corpus/engagement.js";
import { snowflakeId } from "../corpus/ids.js";
import type { CorpusVideo, Engagement, NamedItem } from "../corpus/types.js";
import { VIDEO_FIELDS, type VideoField } from "../fields.js";
import type { JsonBytes } from "../json/json-bytes.js";
import { Lru } from "../lru.js";
import { hashString, mix32 } from "../random/prng.js";

/** Writes one `"key":value` member, or undefined to leave the field out (as the API omits absent ones). */
type Writer = (v: CorpusVideo, e: Engagement) => string | undefined;

/** The writers for one `fields` selection, in the catalogue's order. */
export interface VideoPlan {
  readonly writers: readonly Writer[];
  readonly needsEngagement: boolean;
  /**
   * Rendered objects of videos whose output no longer changes (engagement settled, or not
   * selected), by corpus index: a page of old videos is then mostly string concatenation.
   */
  readonly settled: (Buffer | undefined)[];
}

const ENGAGEMENT_FIELDS: ReadonlySet<string> = new Set([
  "share_count",
  "view_count",
  "like_count",
  "comment_count",
  "favourites_count",
  "favorites_count",
]);
const SETTLED_AGE = ENGAGEMENT_GROWTH_DAYS * 86_400;
/** Field selections whose rendered videos are kept; clients use few distinct ones. */
const MAX_PLANS = 16;
const NO_ENGAGEMENT: Engagement = {
  view_count: 0,
  like_count: 0,
  share_count: 0,
  comment_count: 0,
  favorites_count: 0,
};

function named(list: readonly NamedItem[], idKey: string, nameKey: string): string {
  let out = "[";
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as NamedItem;
    out += `${i > 0 ? "," : ""}{"${idKey}":"${item.id}","${nameKey}":${JSON.stringify(item.name)}}`;
  }
  return `${out}]`;
}

/** Renders corpus videos as the API's JSON objects; ids are written as bare int64 numbers. */
export class VideoRenderer {
  readonly #hashtagIds = new Map<string, string>();
  readonly #plans: Lru<string, VideoPlan> = new Lru(MAX_PLANS);
  readonly #writers: Readonly<Record<VideoField, Writer>>;

  readonly #videoCount: number;

  /** `videoCount`: the corpus size, for the per-plan cache of settled videos. */
  constructor(videoCount: number) {
    this.#videoCount = videoCount;
    this.#writers = {
      id: (v) => `"id":${v.id}`,
      video_description: (v) => `"video_description":${JSON.stringify(v.description)}`,
      create_time: (v) => `"create_time":${v.createTime}`,
      region_code: (v) => `"region_code":"${v.regionCode}"`,
      share_count: (_, e) => `"share_count":${e.share_count}`,
      view_count: (_, e) => `"view_count":${e.view_count}`,
      like_count: (_, e) => `"like_count":${e.like_count}`,
      comment_count: (_, e) => `"comment_count":${e.comment_count}`,
      music_id: (v) => `"music_id":${v.musicId}`,
      hashtag_names: (v) => `"hashtag_names":${JSON.stringify(v.hashtags)}`,
      username: (v) => `"username":${JSON.stringify(v.username)}`,
      effect_ids: (v) => `"effect_ids":${JSON.stringify(v.effects.map((e) => e.id))}`,
      playlist_id: (v) => (v.playlistId ? `"playlist_id":${v.playlistId}` : undefined),
      voice_to_text: (v) => (v.voiceToText ? `"voice_to_text":${JSON.stringify(v.voiceToText)}` : undefined),
      is_stem_verified: (v) => `"is_stem_verified":${v.isStemVerified}`,
      favourites_count: (_, e) => `"favourites_count":${e.favorites_count}`,
      favorites_count: (_, e) => `"favorites_count":${e.favorites_count}`,
      video_duration: (v) => `"video_duration":${v.durationSeconds}`,
      hashtag_info_list: (v) => `"hashtag_info_list":${this.#hashtagInfo(v.hashtags)}`,
      sticker_info_list: (v) => `"sticker_info_list":${named(v.stickers, "sticker_id", "sticker_name")}`,
      effect_info_list: (v) => `"effect_info_list":${named(v.effects, "effect_id", "effect_name")}`,
      video_mention_list: (v) => `"video_mention_list":${JSON.stringify(v.mentions)}`,
      video_label: (v) => (v.label ? `"video_label":{"content":${JSON.stringify(v.label)}}` : undefined),
      video_tag: (v) =>
        v.aiGenerated ? `"video_tag":{"number":1,"type":"AI-generated content"}` : undefined,
    };
  }

  /** A stable 19-digit id per hashtag name. */
  hashtagId(name: string): string {
    let id = this.#hashtagIds.get(name);
    if (id === undefined) {
      const h = hashString(name);
      id = snowflakeId(1_500_000_000 + (h % 150_000_000), mix32(h, 7));
      this.#hashtagIds.set(name, id);
    }
    return id;
  }

  #hashtagInfo(tags: readonly string[]): string {
    let out = "[";
    for (let i = 0; i < tags.length; i++) {
      const tag = tags[i] as string;
      out += `${i > 0 ? "," : ""}{"hashtag_id":${this.hashtagId(tag)},"hashtag_name":${JSON.stringify(tag)},"hashtag_description":""}`;
    }
    return `${out}]`;
  }

  /** The writers for a field selection (cached per selection). */
  plan(fields: ReadonlySet<string>): VideoPlan {
    const chosen = VIDEO_FIELDS.filter((f) => fields.has(f));
    return this.#plans.getOrCreate(chosen.join(","), () => ({
      writers: chosen.map((f) => this.#writers[f]),
      needsEngagement: chosen.some((f) => ENGAGEMENT_FIELDS.has(f)),
      settled: new Array(this.#videoCount),
    }));
  }

  /** One video object as UTF-8 JSON; cached once its output can no longer change. */
  render(plan: VideoPlan, v: CorpusVideo, nowSeconds: number): Buffer {
    const settled = !plan.needsEngagement || nowSeconds - v.createTime >= SETTLED_AGE;
    if (settled) {
      const cached = plan.settled[v.index];
      if (cached !== undefined) return cached;
    }
    const e = plan.needsEngagement ? engagementAt(v, nowSeconds) : NO_ENGAGEMENT;
    let out = "{";
    for (const write of plan.writers) {
      const member = write(v, e);
      if (member === undefined) continue;
      out += out.length > 1 ? `,${member}` : member;
    }
    out += "}";
    const bytes = Buffer.from(out, "utf8");
    if (settled) plan.settled[v.index] = bytes;
    return bytes;
  }

  /** Writes a JSON array of videos into `out`. */
  renderList(plan: VideoPlan, videos: readonly CorpusVideo[], nowSeconds: number, out: JsonBytes): JsonBytes {
    out.text("[");
    for (let i = 0; i < videos.length; i++) {
      if (i > 0) out.text(",");
      out.bytes(this.render(plan, videos[i] as CorpusVideo, nowSeconds));
    }
    return out.text("]");
  }
}
