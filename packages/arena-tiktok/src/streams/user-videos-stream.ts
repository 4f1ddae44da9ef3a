import type { ContentRecord } from "@observatory/arena-core";
import {
  fingerprint,
  type ReportingStream,
  reportingStream,
  type TargetOutcome,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { apiVideoSchema } from "../endpoints/video-query.js";
import { normalizeVideo } from "../normalize/video-record.js";
import { LIST_ENDPOINTS } from "../paging/list-pages.js";
import { deriveRunId } from "../run/run-id.js";
import type { ListCollectOptions } from "./list-options.js";
import { runListCollection } from "./list-run.js";
import { pageMetadata } from "./page-metadata.js";
import { storedHandle } from "./stored-handle.js";
import { parseLimit, parseUsernames } from "./targets.js";

export type UserVideoList = "liked" | "pinned" | "reposted";

const PRIVATE_NOTES: Record<UserVideoList, string> = {
  liked:
    "liked videos are private by default on TikTok: the API returns them only for users who made their likes public",
  reposted: "reposts are visible for some users only: this user's reposts cannot be returned",
  pinned: "this user's pinned videos cannot be returned",
};

/**
 * A user's liked (timestamp cursor), reposted (index cursor) or pinned (no paging) videos, as UCR
 * video records through the same normaliser as video search. `raw_metadata.source_user` names the
 * user whose list it is (pseudonymised like authors).
 */
export function userVideoStream(
  deps: TikTokDeps,
  list: UserVideoList,
  usernames: string | readonly string[],
  options: ListCollectOptions = {},
): ReportingStream<ContentRecord> {
  const endpoint = LIST_ENDPOINTS[list];
  return reportingStream(async function* (report) {
    const names = parseUsernames(usernames);
    const limit = parseLimit(options.maxResults, "maxResults");
    const request = { usernames: names, maxResults: limit ?? null };
    const languageDetector = await deps.languageDetector();
    yield* runListCollection(
      deps,
      {
        kind: `${list}-videos`,
        runId: options.runId ?? deriveRunId(`${list}-videos`, request),
        fingerprint: fingerprint(request),
        endpoint,
        targets: names,
        ...(limit === undefined ? {} : { limit }),
        options,
        describe: (name) => `${list} videos of ${storedHandle(deps, name).handle}`,
        map: (item, page, name) => {
          const parsed = apiVideoSchema.safeParse(item);
          if (!parsed.success) return undefined;
          const source = storedHandle(deps, name);
          const record = normalizeVideo(parsed.data, {
            collectedAt: deps.clock.now(),
            tier: "free",
            pseudonymize: deps.pseudonymize,
            keepAuthorHandles: deps.keepAuthorHandles,
            languageDetector,
            matchTerms: () => [],
            metadata: {
              ...pageMetadata(endpoint.path, page),
              source_list: list,
              source_user: source.handle,
              source_user_pseudonymized: source.pseudonymized,
            },
          });
          return { key: record.platform_id, id: record.platform_id, value: record };
        },
        explain: (o) => explainPrivate(list, o),
      },
      report,
    );
  });
}

function explainPrivate(list: UserVideoList, outcome: TargetOutcome): TargetOutcome {
  if (outcome.status !== "private") return outcome;
  return { ...outcome, detail: `${PRIVATE_NOTES[list]} (${outcome.detail ?? "the API refused"})` };
}
