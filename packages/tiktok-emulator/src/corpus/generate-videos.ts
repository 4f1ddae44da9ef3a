import { ymdNumber } from "../query/dates.js";
import type { Rng } from "../random/prng.js";
import type { ResolvedCorpusOptions } from "./corpus-options.js";
import { composeDescription, composeSpeech, pickTopic } from "./describe.js";
import type { UserDraft } from "./generate-users.js";
import { snowflakeId } from "./ids.js";
import { PHRASE_BANKS } from "./phrases/banks.js";
import { type Pools, pickPopular } from "./pools.js";
import type { CorpusVideo, Engagement, Language, NamedItem, VideoLength } from "./types.js";

/** The autumn 2026 Danish election campaign: election videos are four times as common. */
const CAMPAIGN_START = Date.UTC(2026, 7, 15) / 1000;
const CAMPAIGN_END = Date.UTC(2026, 10, 1) / 1000;
const DELETED_SHARE = 0.02;

function creatorPicker(rng: Rng, creators: readonly UserDraft[]): () => UserDraft {
  const cumulative = new Float64Array(creators.length);
  let total = 0;
  for (let i = 0; i < creators.length; i++) {
    total += (i + 1) ** -0.7;
    cumulative[i] = total;
  }
  return () => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return creators[lo] as UserDraft;
  };
}

function createTimes(rng: Rng, o: ResolvedCorpusOptions): number[] {
  const days = Math.round((o.endSeconds - o.startSeconds) / 86_400);
  const cumulative = new Float64Array(days);
  let total = 0;
  for (let d = 0; d < days; d++) {
    total += 0.6 + 0.8 * rng.next();
    cumulative[d] = total;
  }
  const times: number[] = new Array(o.videos);
  for (let i = 0; i < o.videos; i++) {
    const x = rng.next() * total;
    let lo = 0;
    let hi = days - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    // Later in the day is busier.
    const second = Math.floor(86_400 * (0.2 + 0.8 * Math.sqrt(rng.next())));
    times[i] = o.startSeconds + lo * 86_400 + Math.min(86_399, second);
  }
  return times.sort((a, b) => a - b);
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

const NONE: readonly never[] = Object.freeze([]);

function some<T>(rng: Rng, p: number, pool: readonly T[], max: number): readonly T[] {
  if (!rng.chance(p)) return NONE;
  const out: T[] = [pickPopular(rng, pool)];
  if (max > 1 && rng.chance(0.15)) {
    const second = pickPopular(rng, pool);
    if (second !== out[0]) out.push(second);
  }
  return out;
}

/** The corpus's videos, oldest first, with the creators they belong to. */
export function generateVideos(
  rng: Rng,
  o: ResolvedCorpusOptions,
  creators: readonly UserDraft[],
  pools: Pools,
): CorpusVideo[] {
  const pickCreator = creatorPicker(rng, creators);
  const mentionable = () => (creators[rng.int(creators.length)] as UserDraft).username;
  const times = createTimes(rng, o);
  // Ids only collide within one second: remember the ids of the current second.
  let second = -1;
  let secondIds: string[] = [];
  let day = -1;
  let dayYmd = 0;
  const videos: CorpusVideo[] = new Array(times.length);
  for (let index = 0; index < times.length; index++) {
    const createTime = times[index] as number;
    const creator = pickCreator();
    const language = videoLanguage(rng, creator);
    const bank = PHRASE_BANKS[language];
    const campaign = language === "da" && createTime >= CAMPAIGN_START && createTime < CAMPAIGN_END;
    const topic = pickTopic(rng, bank, campaign ? { name: "valg", factor: 4 } : undefined);
    const description = composeDescription(rng, bank, topic, mentionable);
    if (createTime !== second) {
      second = createTime;
      secondIds = [];
    }
    let id = snowflakeId(createTime, rng.uint32());
    while (secondIds.includes(id)) id = snowflakeId(createTime, rng.uint32());
    secondIds.push(id);
    if (createTime - (createTime % 86_400) !== day) {
      day = createTime - (createTime % 86_400);
      dayYmd = ymdNumber(day);
    }
    const [durationSeconds, videoLength] = duration(rng);
    const effects: readonly NamedItem[] = some(rng, 0.2, pools.effects, 2);
    const stickers: readonly NamedItem[] = some(rng, 0.05, pools.stickers, 1);
    const isElection = topic.name === "valg";
    videos[index] = {
      index,
      id,
      createTime,
      createDate: dayYmd,
      username: creator.username,
      regionCode: creator.regionCode,
      language,
      description: description.text,
      descriptionLower: description.text.toLowerCase(),
      hashtags: description.hashtags,
      mentions: description.mentions,
      // Four in ten videos use their own "original sound", the rest a shared one.
      musicId: rng.chance(0.4) ? snowflakeId(createTime, rng.uint32()) : pickPopular(rng, pools.music),
      effects,
      stickers,
      playlistId: null,
      voiceToText: rng.chance(0.15) ? composeSpeech(rng, bank, topic) : null,
      isStemVerified: rng.chance(0.01),
      durationSeconds,
      videoLength,
      label: isElection && rng.chance(0.3) ? "Få information om folketingsvalget" : null,
      aiGenerated: rng.chance(0.015),
      deleted: creator.isPrivate || rng.chance(DELETED_SHARE),
      finalEngagement: finalEngagement(rng),
    };
  }
  return videos;
}
