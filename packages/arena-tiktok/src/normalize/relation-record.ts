import type { ApiRelation } from "../endpoints/relations.js";

/**
 * One edge of the follower graph, from user/followers/ or user/following/:
 *
 * - `relation: "follower"`: `username` follows `of`; `relation: "following"`: `of` follows `username`.
 * - `username` and `of` are HMAC pseudonyms (as `pseudonymized_author_id` in content records) unless
 *   the account is a listed public figure or the collector keeps handles (`keepAuthorHandles`);
 *   `*_pseudonymized` says which.
 * - `display_name` is kept only when `username` is kept plain (a display name identifies a person).
 */
export interface RelationRecord {
  platform: "tiktok";
  relation: "follower" | "following";
  username: string;
  username_pseudonymized: boolean;
  display_name: string | null;
  of: string;
  of_pseudonymized: boolean;
  collected_at: string;
}

export interface RelationContext {
  relation: RelationRecord["relation"];
  of: { handle: string; pseudonymized: boolean };
  stored: (username: string) => { handle: string; pseudonymized: boolean };
  collectedAt: number;
}

export function normalizeRelation(item: ApiRelation, ctx: RelationContext): RelationRecord {
  const user = ctx.stored(item.username);
  return {
    platform: "tiktok",
    relation: ctx.relation,
    username: user.handle,
    username_pseudonymized: user.pseudonymized,
    display_name: user.pseudonymized ? null : (item.display_name ?? null),
    of: ctx.of.handle,
    of_pseudonymized: ctx.of.pseudonymized,
    collected_at: new Date(ctx.collectedAt).toISOString(),
  };
}
