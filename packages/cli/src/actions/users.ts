import type { ActorProfile } from "@observatory/arena-core";
import { deriveRunId, planUserInfoRequests } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import type { UsersFlags } from "../program/flags.js";
import { toLine } from "./collect-query.js";
import { runCollection } from "./run-collection.js";
import { parseUsernames } from "./usernames.js";

/** CSV columns of a profile, in this order. */
export const PROFILE_COLUMNS = [
  "platform",
  "username",
  "status",
  "displayName",
  "bio",
  "avatarUrl",
  "verified",
  "followerCount",
  "followingCount",
  "likesCount",
  "videoCount",
  "pseudonymizedId",
  "collectedAt",
  "detail",
  "raw",
] as const;

/** `observatory tiktok user NAME…`: profiles (an unknown or private account is a row with its status). */
export async function usersAction(ctx: ActionContext, flags: UsersFlags, args: string[]): Promise<number> {
  const usernames = parseUsernames(args);
  return runCollection<ActorProfile>(ctx, {
    flags,
    deriveRunId: (target) => deriveRunId("profiles", { usernames, ...target }),
    columns: PROFILE_COLUMNS,
    idOf: (profile) => profile.username,
    hasLanguage: false,
    unit: "targets",
    plan: () => planUserInfoRequests(usernames).map(toLine),
    stream: (collector, options) => collector.fetchActors(usernames, options),
  });
}
