import { CONTENT_RECORD_FIELDS, type ContentRecord } from "@observatory/arena-core";
import { deriveRunId, planListRequests } from "@observatory/arena-tiktok";
import type { ActionContext } from "../program/build-program.js";
import type { RelationsFlags } from "../program/flags.js";
import { toLine } from "./collect-query.js";
import { runCollection } from "./run-collection.js";
import { parseUsernames } from "./usernames.js";

export type UserVideoList = "liked" | "pinned" | "reposted";

const METHOD = { liked: "likedVideos", pinned: "pinnedVideos", reposted: "repostedVideos" } as const;

/**
 * `observatory tiktok liked|pinned|reposted NAME…`: the videos on each account's list, as video
 * records (`raw_metadata.source_list` and `source_user` say whose list). A private list is an outcome.
 */
export async function userVideosAction(
  ctx: ActionContext,
  flags: RelationsFlags,
  args: string[],
  list: UserVideoList,
): Promise<number> {
  const usernames = parseUsernames(args);
  const limit = flags.max === undefined ? {} : { maxResults: flags.max };
  return runCollection<ContentRecord>(ctx, {
    flags,
    command: `tiktok ${list}`,
    deriveRunId: (target) => deriveRunId(`${list}-videos`, { usernames, max: flags.max ?? null, ...target }),
    columns: CONTENT_RECORD_FIELDS,
    idOf: (record) => record.platform_id,
    hasLanguage: true,
    unit: "targets",
    plan: () =>
      planListRequests(list, usernames, flags.max === undefined ? {} : { limit: flags.max }).map(toLine),
    stream: (collector, options) => collector[METHOD[list]](usernames, { ...options, ...limit }),
  });
}
