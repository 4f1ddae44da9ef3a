import { hashString, mix32, Rng } from "../random/prng.js";
import { type CorpusOptions, type ResolvedCorpusOptions, resolveCorpusOptions } from "./corpus-options.js";
import { PhraseCache } from "./describe.js";
import { draftUsers, type UserDraft } from "./generate-users.js";
import { snowflakeId } from "./ids.js";
import { materializeVideo } from "./materialize-video.js";
import { PHRASE_BANKS } from "./phrases/banks.js";
import { planVideos } from "./plan-videos.js";
import { buildPools } from "./pools.js";
import type { CorpusPlaylist, CorpusUser } from "./types.js";
import { type VideoPlan, VideoTable } from "./video-table.js";

/** Everything generated from a seed; immutable after generation (videos materialise lazily). */
export interface CorpusData {
  readonly seed: number;
  readonly options: ResolvedCorpusOptions;
  /** Videos, oldest first. */
  readonly table: VideoTable;
  /** Creators first (busiest first), then audience accounts. */
  readonly users: readonly CorpusUser[];
  readonly userByName: ReadonlyMap<string, CorpusUser>;
  /** Corpus indices of each creator's videos, oldest first. */
  readonly videosByUser: ReadonlyMap<string, readonly number[]>;
  /** Public accounts: the only ones that appear in follower and following lists. */
  readonly publicUsers: readonly CorpusUser[];
  readonly playlists: readonly CorpusPlaylist[];
  readonly playlistById: ReadonlyMap<string, CorpusPlaylist>;
}

/** A stable avatar address derived from the username. */
function avatarUrl(username: string): string {
  const h = hashString(username);
  const key = `${h.toString(16).padStart(8, "0")}${mix32(h, 1).toString(16).padStart(8, "0")}`;
  return `https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/${key}~c5_168x168.jpeg`;
}

function finishUser(rng: Rng, d: UserDraft, creatorCount: number, videoCount: number): CorpusUser {
  const creator = d.isCreator;
  const followerCount = creator
    ? Math.round((300_000 / (d.rank + 1) ** 0.95) * Math.exp(0.5 * rng.normal()))
    : Math.min(3_000, Math.round(Math.exp(Math.log(40) + 1.2 * rng.normal())));
  const followingCount = creator
    ? Math.max(5, Math.min(8_000, Math.round(Math.exp(Math.log(300) + 0.9 * rng.normal()))))
    : Math.max(1, Math.min(7_500, Math.round(Math.exp(Math.log(250) + 0.8 * rng.normal()))));
  return {
    username: d.username,
    displayName: d.displayName,
    bio: d.bio,
    avatarUrl: avatarUrl(d.username),
    isVerified: creator && !d.isPrivate && d.rank < Math.max(1, Math.round(creatorCount * 0.015)),
    followerCount,
    followingCount,
    likesCount: creator ? followerCount * rng.range(5, 30) : rng.int(200),
    videoCount,
    isPrivate: d.isPrivate,
    likedVisible: !d.isPrivate && rng.chance(0.08),
    repostsVisible: !d.isPrivate && rng.chance(0.5),
    isCreator: videoCount > 0,
    regionCode: d.regionCode,
    language: d.language,
  };
}

/** One playlist for a fifth of the public creators with six or more videos: a run of their videos. */
function makePlaylists(
  rng: Rng,
  plan: VideoPlan,
  users: readonly CorpusUser[],
  byUser: Map<string, number[]>,
) {
  const playlists: CorpusPlaylist[] = [];
  const playlistOf = new Map<number, string>();
  for (const user of users) {
    const own = byUser.get(user.username);
    if (!own || own.length < 6 || user.isPrivate || !rng.chance(0.2)) continue;
    const size = rng.range(3, Math.min(30, own.length));
    const from = rng.int(own.length - size + 1);
    const videoIndices = own.slice(from, from + size);
    const firstTime = plan.createTimes[videoIndices[0] as number] as number;
    const id = snowflakeId(firstTime + rng.int(3_600), rng.uint32());
    playlists.push({
      id,
      name: rng.pick(PHRASE_BANKS[user.language].playlistNames),
      username: user.username,
      videoIndices,
    });
    for (const i of videoIndices) playlistOf.set(i, id);
  }
  return { playlists, playlistOf };
}

/** Builds the corpus from a seed. Deterministic: the same seed and options give the same corpus. */
export function generateCorpus(seed: number, options?: CorpusOptions): CorpusData {
  const o = resolveCorpusOptions(options);
  const rng = new Rng(seed, "corpus");
  const drafts = draftUsers(rng, o.creators, o.audience);
  const pools = buildPools(rng, o.startSeconds);
  const creators = drafts.slice(0, o.creators);
  const plan = planVideos(rng, o, creators);
  const perCreator: number[][] = creators.map(() => []);
  for (let i = 0; i < plan.creators.length; i++) (perCreator[plan.creators[i] as number] as number[]).push(i);
  const byUser = new Map<string, number[]>();
  creators.forEach((c, i) => {
    const own = perCreator[i] as number[];
    if (own.length > 0) byUser.set(c.username, own);
  });
  const users = drafts.map((d) => finishUser(rng, d, o.creators, byUser.get(d.username)?.length ?? 0));
  const { playlists, playlistOf } = makePlaylists(rng, plan, users, byUser);
  const context = {
    seedBase: mix32(hashString(`videos:${seed}`), seed),
    plan,
    creators,
    pools,
    phrases: new PhraseCache(),
    playlistOf,
  };
  const table = new VideoTable(plan, (index) => materializeVideo(context, index));
  const userByName = new Map<string, CorpusUser>();
  for (const u of users) userByName.set(u.username, u);
  return {
    seed,
    options: o,
    table,
    users,
    userByName,
    videosByUser: byUser,
    publicUsers: users.filter((u) => !u.isPrivate),
    playlists,
    playlistById: new Map(playlists.map((p) => [p.id, p])),
  };
}
