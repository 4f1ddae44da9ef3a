import { describe, expect, it } from "vitest";
import { Corpus } from "./corpus.js";
import { engagementAt, growthShare } from "./engagement.js";
import { generateCorpus } from "./generate.js";
import { snowflakeTime } from "./ids.js";

const NOW = Date.UTC(2026, 10, 24, 12);
const data = generateCorpus(7);
const corpus = new Corpus(data, {
  clock: { now: () => NOW },
  ingestionLagDays: 2,
  endDateInclusive: true,
  maxFieldValues: 100,
});
const videos = corpus.videos;
const share = (n: number) => n / videos.length;

describe("generated corpus", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const again = generateCorpus(7, {}).table;
    // Touch videos out of order first: each video's content comes from its own seed.
    const late = again.get(20_000);
    expect(late).toEqual(videos[20_000]);
    expect(again.all()).toEqual(videos);
    expect(generateCorpus(8).table.get(0).id).not.toBe(videos[0]?.id);
  });

  it("holds ~30,000 videos over 2025-11-21 .. 2026-11-20, oldest first", () => {
    expect(videos).toHaveLength(30_000);
    const first = videos[0]!.createTime;
    const last = videos[videos.length - 1]!.createTime;
    expect(first).toBeGreaterThanOrEqual(Date.UTC(2025, 10, 21) / 1000);
    expect(last).toBeLessThan(Date.UTC(2026, 10, 21) / 1000);
    for (let i = 1; i < videos.length; i++) {
      expect(videos[i]!.createTime >= videos[i - 1]!.createTime).toBe(true);
    }
  });

  it("uses unique 19-digit ids beyond 2^53 that encode the create time", () => {
    const ids = new Set(videos.map((v) => v.id));
    expect(ids.size).toBe(videos.length);
    for (const v of videos.slice(0, 500)) {
      expect(v.id).toMatch(/^\d{19}$/);
      expect(BigInt(v.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(snowflakeTime(v.id)).toBe(v.createTime);
      expect(v.musicId).toMatch(/^\d{19}$/);
    }
  });

  it("is mostly Danish with Norwegian, Swedish, German and English mixed in", () => {
    const count = (lang: string) => videos.filter((v) => v.language === lang).length;
    expect(share(count("da"))).toBeGreaterThan(0.6);
    for (const lang of ["no", "sv", "de", "en"]) expect(share(count(lang))).toBeGreaterThan(0.02);
    const regions = new Set(videos.map((v) => v.regionCode));
    expect([...regions].sort()).toEqual(["DE", "DK", "GB", "NO", "SE"]);
    expect(share(videos.filter((v) => v.regionCode === "DK").length)).toBeGreaterThan(0.65);
  });

  it("has the quirks collectors must survive: NULs, shared '#fyp', sparse voice_to_text, deletions", () => {
    expect(videos.filter((v) => v.description.includes("\u0000")).length).toBeGreaterThan(50);
    expect(videos.filter((v) => v.description === "#fyp").length).toBeGreaterThan(500);
    expect(share(videos.filter((v) => v.voiceToText !== null).length)).toBeCloseTo(0.15, 1);
    const deleted = share(videos.filter((v) => v.deleted).length);
    expect(deleted).toBeGreaterThanOrEqual(0.03);
    expect(deleted).toBeLessThanOrEqual(0.05);
    const tags = new Set(videos.flatMap((v) => v.hashtags));
    for (const t of ["dkpol", "klima", "fyp", "foryou", "valg", "sundhed", "boligmarked", "landbrug"]) {
      expect(tags.has(t), t).toBe(true);
    }
  });

  it("gives hashtags consistent with the description", () => {
    for (const v of videos.slice(0, 2000)) {
      for (const tag of v.hashtags) expect(v.descriptionLower).toContain(`#${tag}`);
    }
  });

  it("has creators with many followers, private accounts, playlists and heavily commented videos", () => {
    expect(data.users.filter((u) => u.followerCount > 5_000).length).toBeGreaterThan(20);
    expect(data.users.some((u) => u.isPrivate && u.isCreator)).toBe(true);
    expect(data.playlists.length).toBeGreaterThan(50);
    expect(videos.filter((v) => v.finalEngagement.comment_count > 1_000).length).toBeGreaterThan(100);
  });
});

describe("corpus truth at the clock's now", () => {
  it("hides videos inside the ingestion lag", () => {
    const lagEdge = NOW / 1000 - 2 * 86_400;
    const recent = videos.filter((v) => v.createTime > lagEdge);
    const laggy = new Corpus(data, { ...corpus.settings, clock: { now: () => Date.UTC(2026, 9, 15) } });
    const ids = laggy.videoIdsMatching(
      { and: [{ field_name: "region_code", operation: "IN", field_values: ["DK", "NO", "SE", "DE", "GB"] }] },
      "20261001",
      "20261020",
    );
    const newest = Math.max(...ids.map((id) => snowflakeTime(id)!));
    expect(newest).toBeLessThanOrEqual(Date.UTC(2026, 9, 13) / 1000);
    expect(recent.every((v) => !corpus.isVisible(v, true))).toBe(true);
  });

  it("grows engagement over the first 10 days after posting, then holds it", () => {
    const v = videos.find((x) => x.finalEngagement.view_count > 10_000)!;
    const at = (days: number) => engagementAt(v, v.createTime + days * 86_400);
    expect(at(0).view_count).toBe(0);
    expect(at(1).view_count).toBeLessThan(at(3).view_count);
    expect(at(3).view_count).toBeLessThan(at(9).view_count);
    expect(at(10)).toEqual(at(30));
    expect(at(30).view_count).toBe(v.finalEngagement.view_count);
    expect(growthShare(5 * 86_400)).toBeCloseTo(0.75, 5);
  });

  it("shows exactly comment_count comments as they arrive, replies included", () => {
    const v = videos.find((x) => !x.deleted && x.finalEngagement.comment_count > 200)!;
    for (const days of [2.5, 5, 11]) {
      const now = v.createTime + days * 86_400;
      const comments = corpus.commentsFor(v.id, now);
      expect(comments).toHaveLength(engagementAt(v, now).comment_count);
      expect(comments.every((c) => c.createTime <= now)).toBe(true);
    }
    const all = corpus.commentsFor(v.id, v.createTime + 20 * 86_400);
    const replies = all.filter((c) => c.parentCommentId !== v.id);
    expect(replies.length).toBeGreaterThan(0);
    const ids = new Set(all.map((c) => c.id));
    for (const r of replies) expect(ids.has(r.parentCommentId)).toBe(true);
    for (let i = 1; i < all.length; i++) expect(all[i]!.likeCount).toBeLessThanOrEqual(all[i - 1]!.likeCount);
  });

  it("caps follower lists near 5,000 and keeps follow times strictly decreasing", () => {
    const big = data.users.find((u) => u.followerCount > 20_000 && !u.isPrivate)!;
    const followers = corpus.followersOf(big);
    expect(followers.length).toBeGreaterThanOrEqual(4_000);
    expect(followers.length).toBeLessThanOrEqual(5_000);
    expect(new Set(followers.map((f) => f.username)).size).toBe(followers.length);
    expect(followers.some((f) => f.username === big.username)).toBe(false);
    for (let i = 1; i < followers.length; i++)
      expect(followers[i]!.time).toBeLessThan(followers[i - 1]!.time);
  });

  it("pages the full ordered set including deleted videos", () => {
    const query = { and: [{ field_name: "hashtag_name", operation: "EQ", field_values: ["fyp"] }] };
    const all = corpus.matchVideos(query, "20260901", "20260930");
    expect(all.some((v) => v.deleted)).toBe(true);
    const pages = corpus.expectedPages(query, "20260901", "20260930", 50);
    expect(pages.flatMap((p) => p.ids)).toEqual(corpus.videoIdsMatching(query, "20260901", "20260930"));
    expect(pages.some((p) => p.hasMore && p.ids.length < 50)).toBe(true);
    expect(pages[pages.length - 1]?.hasMore).toBe(false);
  });
});
