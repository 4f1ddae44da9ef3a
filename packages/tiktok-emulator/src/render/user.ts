import type { CorpusUser } from "../corpus/types.js";
import { USER_INFO_FIELDS } from "../fields.js";
import { toWire, type WireValue } from "../json/wire.js";

/** The user-info object with the selected fields (the username itself is not echoed, as on the API). */
export function renderUserInfo(fields: ReadonlySet<string>, u: CorpusUser): string {
  const all: Record<(typeof USER_INFO_FIELDS)[number], WireValue> = {
    display_name: u.displayName,
    bio_description: u.bio,
    avatar_url: u.avatarUrl,
    is_verified: u.isVerified,
    follower_count: u.followerCount,
    following_count: u.followingCount,
    likes_count: u.likesCount,
    video_count: u.videoCount,
  };
  const out: Record<string, WireValue> = {};
  for (const f of USER_INFO_FIELDS) if (fields.has(f)) out[f] = all[f];
  return toWire(out);
}
