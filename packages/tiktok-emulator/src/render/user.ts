import { createHash } from "node:crypto";
import type { CorpusUser } from "../corpus/types.js";
import { USER_INFO_FIELDS } from "../fields.js";
import { toWire, type WireValue } from "../json/wire.js";

/** The user-info object with the selected fields (the username itself is not echoed, as on the API). */
export function renderUserInfo(fields: ReadonlySet<string>, u: CorpusUser): string {
  const all: Record<(typeof USER_INFO_FIELDS)[number], WireValue> = {
    display_name: u.displayName,
    bio_description: u.bio,
    // bio_url (2024-11-04): a link in the profile; verified accounts have one here, others none.
    bio_url: u.isVerified ? `https://example.org/${u.username}` : "",
    avatar_url: u.avatarUrl,
    is_verified: u.isVerified,
    follower_count: u.followerCount,
    following_count: u.followingCount,
    likes_count: u.likesCount,
    video_count: u.videoCount,
    open_id: openId(u.username),
    is_private: u.isPrivate,
  };
  const out: Record<string, WireValue> = {};
  for (const f of USER_INFO_FIELDS) if (fields.has(f)) out[f] = all[f];
  return toWire(out);
}

/** A stable UUID-shaped open_id per username (the real one is opaque to researchers too). */
function openId(username: string): string {
  const h = createHash("sha256").update(`open_id:${username}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
