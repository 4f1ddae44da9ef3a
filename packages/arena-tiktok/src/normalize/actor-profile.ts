import type { ActorProfile, TargetStatus } from "@observatory/arena-core";
import type { UserInfo } from "../endpoints/user-info.js";

/**
 * user/info/ → an ActorProfile. `username` is the name asked for (the API does not echo it back);
 * `pseudonymizedId` is the same HMAC as the videos' `pseudonymized_author_id` (the plain handle for
 * a listed public figure), so profiles join to content records without storing the handle.
 */
export function actorProfile(
  username: string,
  info: UserInfo,
  pseudonymizedId: string,
  collectedAt: number,
): ActorProfile {
  const optional = <K extends keyof ActorProfile>(key: K, value: ActorProfile[K] | null | undefined) =>
    value === null || value === undefined ? {} : { [key]: value };
  return {
    platform: "tiktok",
    username,
    status: "ok",
    ...optional("displayName", info.display_name),
    ...optional("bio", info.bio_description),
    ...optional("avatarUrl", info.avatar_url),
    ...optional("verified", info.is_verified),
    ...optional("followerCount", info.follower_count),
    ...optional("followingCount", info.following_count),
    ...optional("likesCount", info.likes_count),
    ...optional("videoCount", info.video_count),
    pseudonymizedId,
    collectedAt: new Date(collectedAt).toISOString(),
    ...profileExtras(info),
  };
}

/** The documented fields the contract's profile has no slot for (bio_url since 2024-11-04, open_id, is_private). */
function profileExtras(info: UserInfo): { raw?: Record<string, unknown> } {
  const raw: Record<string, unknown> = {};
  if (info.bio_url !== undefined && info.bio_url !== null) raw.bio_url = info.bio_url;
  if (info.open_id !== undefined && info.open_id !== null) raw.open_id = info.open_id;
  if (info.is_private !== undefined && info.is_private !== null) raw.is_private = info.is_private;
  return Object.keys(raw).length ? { raw } : {};
}

/** A name the API would not profile: reported, not thrown. */
export function unavailableProfile(
  username: string,
  status: Exclude<TargetStatus, "ok" | "capped" | "failed">,
  detail: string,
  pseudonymizedId: string,
  collectedAt: number,
): ActorProfile {
  return {
    platform: "tiktok",
    username,
    status,
    detail,
    pseudonymizedId,
    collectedAt: new Date(collectedAt).toISOString(),
  };
}
