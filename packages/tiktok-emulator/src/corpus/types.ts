/** The shapes of the synthetic corpus (internal truth; the wire format lives in src/routes). */

export type Language = "da" | "no" | "sv" | "de" | "en";

export type VideoLength = "SHORT" | "MID" | "LONG" | "EXTRA_LONG";

export const VIDEO_LENGTHS: readonly VideoLength[] = ["SHORT", "MID", "LONG", "EXTRA_LONG"];

export interface Engagement {
  view_count: number;
  like_count: number;
  share_count: number;
  comment_count: number;
  favorites_count: number;
}

export interface NamedItem {
  readonly id: string;
  readonly name: string;
}

export interface CorpusVideo {
  /** Position in `corpus.videos` (sorted by create time, oldest first). */
  readonly index: number;
  /** 19 decimal digits; the top 32 bits hold the create time, as TikTok's ids do. */
  readonly id: string;
  /** Unix seconds, UTC. */
  readonly createTime: number;
  /** YYYYMMDD (UTC) as a number, for create_date conditions. */
  readonly createDate: number;
  readonly username: string;
  readonly regionCode: string;
  readonly language: Language;
  readonly description: string;
  readonly descriptionLower: string;
  /** Lower-case, without "#", in order of appearance. */
  readonly hashtags: readonly string[];
  readonly mentions: readonly string[];
  readonly musicId: string;
  readonly effects: readonly NamedItem[];
  readonly stickers: readonly NamedItem[];
  /** Set when the video belongs to a playlist. */
  readonly playlistId: string | null;
  readonly voiceToText: string | null;
  readonly isStemVerified: boolean;
  readonly durationSeconds: number;
  readonly videoLength: VideoLength;
  readonly label: string | null;
  readonly aiGenerated: boolean;
  /** Deleted or made private after indexing: paged over, then dropped from the page. */
  readonly deleted: boolean;
  /** Engagement once it has settled (10 days after posting). */
  readonly finalEngagement: Readonly<Engagement>;
}

export interface CorpusUser {
  readonly username: string;
  readonly displayName: string;
  readonly bio: string;
  readonly avatarUrl: string;
  readonly isVerified: boolean;
  readonly followerCount: number;
  readonly followingCount: number;
  readonly likesCount: number;
  /** Videos in the corpus by this user. */
  readonly videoCount: number;
  /** A private account: user info and every user list answer 400. */
  readonly isPrivate: boolean;
  /** Liked videos are private by default; true for the few who made them public. */
  readonly likedVisible: boolean;
  readonly repostsVisible: boolean;
  /** Posted at least one video in the corpus. */
  readonly isCreator: boolean;
  readonly regionCode: string;
  readonly language: Language;
}

export interface CorpusComment {
  readonly id: string;
  readonly videoId: string;
  readonly text: string;
  readonly likeCount: number;
  readonly replyCount: number;
  /** The video id for a top-level comment, the parent's id for a reply. */
  readonly parentCommentId: string;
  readonly createTime: number;
}

export interface CorpusPlaylist {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  /** Corpus indices of the videos, in playlist order. */
  readonly videoIndices: readonly number[];
}

export interface UserRelation {
  readonly username: string;
  readonly displayName: string;
  /** Unix seconds: when the follow (or like) happened. Strictly decreasing along a list. */
  readonly time: number;
}

export interface TimedVideo {
  readonly video: CorpusVideo;
  /** Unix seconds of the like; strictly decreasing along a list. */
  readonly time: number;
}
