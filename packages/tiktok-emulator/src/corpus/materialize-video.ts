import { ymdNumber } from "../query/dates.js";
import { mix32, Rng } from "../random/prng.js";
import { composeDescription, composeSpeech, type PhraseCache, pickTopic } from "./describe.js";
import type { UserDraft } from "./generate-users.js";
import { snowflakeId } from "./ids.js";
import { PHRASE_BANKS } from "./phrases/banks.js";
import { type Pools, pickPopular } from "./pools.js";
import type { CorpusVideo, Engagement, Language, NamedItem, VideoLength } from "./types.js";
import type { VideoPlan } from "./video-table.js";

/** The autumn 2026 Danish election campaign: election videos are four times as common. */
const CAMPAIGN_START = Date.UTC(2026, 7, 15) / 1000;
const CAMPAIGN_END = Date.UTC(2026, 10, 1) / 1000;
const DELETED_SHARE = 0.02;
const NONE: readonly never[] = Object.freeze([]);

/** What building a video needs besides its plan entry. */
export interface VideoContext {
  /** Mixed with the video's index to seed its own PRNG stream. */
  readonly seedBase: number;
  readonly plan: VideoPlan;
  readonly creators: readonly UserDraft[];
  readonly pools: Pools;
  readonly phrases: PhraseCache;
  /** Corpus index → playlist id. */
  readonly playlistOf: ReadonlyMap<number, string>;
}

function videoLanguage(rng: Rng, creator: UserDraft): Language {
  if (rng.chance(0.85)) return creator.language;
  if (creator.language === "da") return rng.chance(0.6) ? "en" : rng.pick(["no", "sv"] as const);
  return rng.chance(0.5) ? "da" : "en";
}

function duration(rng: Rng): [number, VideoLength] {
  const r = rng.next();
  if (r < 0.3) return [rng.range(5, 14), "SHORT"];
  if (r < 0.75) return [rng.range(15, 59), "MID"];
  if (r < 0.95) return [rng.range(60, 299), "LONG"];
  return [rng.range(300, 1200), "EXTRA_LONG"];
}

function finalEngagement(rng: Rng): Engagement {
  const views = Math.min(50_000_000, Math.round(Math.exp(Math.log(1500) + 1.8 * rng.normal())));
  // About one video in 80 sparks a debate with more than the 1,000 comments the API returns.
  const comments = rng.chance(0.012)
    ? rng.range(1001, 4000)
    : Math.min(900, Math.round(views * (0.0005 + 0.004 * rng.next())));
  return {
    view_count: views,
    like_count: Math.round(views * (0.02 + 0.1 * rng.next())),
    share_count: Math.round(views * 0.01 * rng.next()),
    comment_count: comments,
    favorites_count: Math.round(views * 0.012 * rng.next()),
  };
}

function some<T>(rng: Rng, p: number, pool: readonly T[], max: number): readonly T[] {
  if (!rng.chance(p)) return NONE;
  const out: T[] = [pickPopular(rng, pool)];
  if (max > 1 && rng.chance(0.15)) {
    const second = pickPopular(rng, pool);
    if (second !== out[0]) out.push(second);
  }
  return out;
}

/** Builds video `index` from its own PRNG stream: the same content whenever and in whatever order. */
export function materializeVideo(ctx: VideoContext, index: number): CorpusVideo {
  const rng = Rng.fromState(mix32(ctx.seedBase, index));
  const createTime = ctx.plan.createTimes[index] as number;
  const creator = ctx.creators[ctx.plan.creators[index] as number] as UserDraft;
  const language = videoLanguage(rng, creator);
  const bank = PHRASE_BANKS[language];
  const campaign = language === "da" && createTime >= CAMPAIGN_START && createTime < CAMPAIGN_END;
  const topic = pickTopic(rng, bank, campaign ? { name: "valg", factor: 4 } : undefined);
  // One mention in five names an account that no longer exists (user info answers 400 for it).
  const mentionable = () => {
    const name = (ctx.creators[rng.int(ctx.creators.length)] as UserDraft).username;
    return rng.chance(0.2) ? `${name}_old` : name;
  };
  const description = composeDescription(rng, bank, topic, mentionable, ctx.phrases);
  const [durationSeconds, videoLength] = duration(rng);
  const effects: readonly NamedItem[] = some(rng, 0.2, ctx.pools.effects, 2);
  const stickers: readonly NamedItem[] = some(rng, 0.05, ctx.pools.stickers, 1);
  // Four in ten videos use their own "original sound", the rest a shared one.
  const musicId = rng.chance(0.4) ? snowflakeId(createTime, rng.uint32()) : pickPopular(rng, ctx.pools.music);
  const voiceToText = rng.chance(0.15) ? composeSpeech(rng, bank, topic, ctx.phrases) : null;
  return {
    index,
    id: snowflakeId(createTime, ctx.plan.low32[index] as number),
    createTime,
    createDate: ymdNumber(createTime),
    username: creator.username,
    regionCode: creator.regionCode,
    language,
    description: description.text,
    descriptionLower: description.lower,
    hashtags: description.hashtags,
    mentions: description.mentions,
    musicId,
    effects,
    stickers,
    playlistId: ctx.playlistOf.get(index) ?? null,
    voiceToText,
    isStemVerified: rng.chance(0.01),
    durationSeconds,
    videoLength,
    label: topic.name === "valg" && rng.chance(0.3) ? "Få information om folketingsvalget" : null,
    aiGenerated: rng.chance(0.015),
    deleted: creator.isPrivate || rng.chance(DELETED_SHARE),
    finalEngagement: finalEngagement(rng),
  };
}
