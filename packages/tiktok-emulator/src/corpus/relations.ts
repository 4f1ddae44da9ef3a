import { Rng } from "../random/prng.js";
import type { CorpusData } from "./generate.js";
import type { CorpusUser, CorpusVideo, TimedVideo, UserRelation } from "./types.js";

/** Follower and following lists stop near 5,000 entries, as researchers see on the real API. */
export function relationCap(seed: number, username: string): number {
  return 4_000 + new Rng(seed, `cap:${username}`).int(1_001);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * `count` distinct accounts from `pool` (never `self`), newest follow first, with strictly
 * decreasing follow times spread over two years before the corpus ends.
 */
function relationList(
  rng: Rng,
  pool: readonly CorpusUser[],
  self: string,
  count: number,
  anchor: number,
): UserRelation[] {
  const n = pool.length;
  const out: UserRelation[] = [];
  if (n < 2 || count <= 0) return out;
  const start = rng.int(n);
  let step = 1 + rng.int(n - 1);
  while (gcd(step, n) !== 1) step = (step % (n - 1)) + 1;
  const gap = Math.max(2, Math.floor((2 * 365 * 86_400) / count));
  let time = anchor - rng.int(3_600);
  for (let j = 0; j < n && out.length < count; j++) {
    const u = pool[(start + j * step) % n] as CorpusUser;
    if (u.username === self) continue;
    out.push({ username: u.username, displayName: u.displayName, time });
    time -= 1 + rng.int(gap);
  }
  return out;
}

export function followersOf(data: CorpusData, user: CorpusUser): UserRelation[] {
  const rng = new Rng(data.seed, `followers:${user.username}`);
  const count = Math.min(user.followerCount, relationCap(data.seed, user.username));
  return relationList(rng, data.publicUsers, user.username, count, data.options.endSeconds);
}

export function followingOf(data: CorpusData, user: CorpusUser): UserRelation[] {
  const rng = new Rng(data.seed, `following:${user.username}`);
  const count = Math.min(user.followingCount, relationCap(data.seed, `${user.username}>`));
  return relationList(rng, data.publicUsers, user.username, count, data.options.endSeconds);
}

function randomVideos(rng: Rng, data: CorpusData, count: number): CorpusVideo[] {
  const picked = new Set<number>();
  const out: CorpusVideo[] = [];
  for (let tries = 0; out.length < count && tries < count * 3; tries++) {
    const i = rng.int(data.table.length);
    const v = data.table.get(i);
    if (picked.has(i) || v.deleted) continue;
    picked.add(i);
    out.push(v);
  }
  return out;
}

/** Liked videos, newest like first, with strictly decreasing like times. */
export function likedVideosOf(data: CorpusData, user: CorpusUser): TimedVideo[] {
  const rng = new Rng(data.seed, `liked:${user.username}`);
  const liked = randomVideos(rng, data, 20 + rng.int(380))
    .map((video) => ({ video, time: video.createTime + rng.int(20 * 86_400) }))
    .sort((a, b) => b.time - a.time);
  for (let i = 1; i < liked.length; i++) {
    const prev = liked[i - 1] as TimedVideo;
    const cur = liked[i] as TimedVideo;
    if (cur.time >= prev.time) liked[i] = { video: cur.video, time: prev.time - 1 };
  }
  return liked;
}

/** Reposted videos, most recent first. */
export function repostedVideosOf(data: CorpusData, user: CorpusUser): CorpusVideo[] {
  const rng = new Rng(data.seed, `reposted:${user.username}`);
  return randomVideos(rng, data, rng.int(150)).sort((a, b) => b.createTime - a.createTime);
}

/** Up to three of the user's own videos, pinned in the order the user chose. */
export function pinnedVideosOf(data: CorpusData, user: CorpusUser): CorpusVideo[] {
  const own = data.videosByUser.get(user.username);
  if (!own) return [];
  const rng = new Rng(data.seed, `pinned:${user.username}`);
  const out: CorpusVideo[] = [];
  const count = rng.int(4);
  for (let tries = 0; out.length < count && tries < 12; tries++) {
    const v = data.table.get(own[rng.int(own.length)] as number);
    if (!v.deleted && !out.includes(v)) out.push(v);
  }
  return out;
}
