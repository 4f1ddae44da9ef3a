import { hashString, mix32, Rng } from "../random/prng.js";
import { type CorpusOptions, type ResolvedCorpusOptions, resolveCorpusOptions } from "./corpus-options.js";
import { draftUsers, type UserDraft } from "./generate-users.js";
import { generateVideos } from "./generate-videos.js";
import { snowflakeId } from "./ids.js";
import { PHRASE_BANKS } from "./phrases/banks.js";
import { buildPools } from "./pools.js";
import type { CorpusPlaylist, CorpusUser, CorpusVideo } from "./types.js";

/** Everything generated from a seed; immutable after generation. */
export interface CorpusData {
  readonly seed: number;
  readonly options: ResolvedCorpusOptions;
  /** Oldest first. */
  readonly videos: readonly CorpusVideo[];
  readonly videoById: ReadonlyMap<string, CorpusVideo>;
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

function makePlaylists(
  rng: Rng,
  videos: readonly CorpusVideo[],
  users: readonly CorpusUser[],
  byUser: Map<string, number[]>,
) {
  const playlists: CorpusPlaylist[] = [];
  for (const user of users) {
    const own = byUser.get(user.username);
    if (!own || own.length < 6 || user.isPrivate || !rng.chance(0.2)) continue;
    const size = rng.range(3, Math.min(30, own.length));
    const from = rng.int(own.length - size + 1);
    const videoIndices = own.slice(from, from + size);
    const first = videos[videoIndices[0] as number] as CorpusVideo;
    const id = snowflakeId(first.createTime + rng.int(3_600), rng.uint32());
    playlists.push({
      id,
      name: rng.pick(PHRASE_BANKS[user.language].playlistNames),
      username: user.username,
      videoIndices,
    });
    for (const i of videoIndices) (videos[i] as CorpusVideo).playlistId = id;
  }
  return playlists;
}

/** Builds the corpus from a seed. Deterministic: the same seed and options give the same corpus. */
export function generateCorpus(seed: number, options?: CorpusOptions): CorpusData {
  const o = resolveCorpusOptions(options);
  const rng = new Rng(seed, "corpus");
  const drafts = draftUsers(rng, o.creators, o.audience);
  const pools = buildPools(rng, o.startSeconds);
  const videos = generateVideos(rng, o, drafts.slice(0, o.creators), pools);
  const byUser = new Map<string, number[]>();
  for (const v of videos) {
    const list = byUser.get(v.username);
    if (list) list.push(v.index);
    else byUser.set(v.username, [v.index]);
  }
  const users = drafts.map((d) => finishUser(rng, d, o.creators, byUser.get(d.username)?.length ?? 0));
  const playlists = makePlaylists(rng, videos, users, byUser);
  return {
    seed,
    options: o,
    videos,
    videoById: new Map(videos.map((v) => [v.id, v])),
    users,
    userByName: new Map(users.map((u) => [u.username, u])),
    videosByUser: byUser,
    publicUsers: users.filter((u) => !u.isPrivate),
    playlists,
    playlistById: new Map(playlists.map((p) => [p.id, p])),
  };
}
