import {
  fingerprint,
  type ReportingStream,
  reportingStream,
  type TargetOutcome,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { apiRelationSchema } from "../endpoints/relations.js";
import { normalizeRelation, type RelationRecord } from "../normalize/relation-record.js";
import { LIST_ENDPOINTS } from "../paging/list-pages.js";
import { deriveRunId } from "../run/run-id.js";
import type { ListCollectOptions } from "./list-options.js";
import { runListCollection } from "./list-run.js";
import { storedHandle } from "./stored-handle.js";
import { parseLimit, parseUsernames } from "./targets.js";

/** Lists this long have probably hit TikTok's cap (researchers report 4,000–5,000). */
export const FOLLOWER_CAP_HINT = 4_000;
export const FOLLOWER_CAP_NOTE =
  "TikTok's Research API returns at most about 5,000 followers per account, and only public ones; the list is probably truncated";

/**
 * Followers or following of each user (Unix-timestamp cursor, "on or before"), charged to the
 * separate `followers` quota pool. Yields `RelationRecord`s with pseudonymised handles.
 */
export function relationStream(
  deps: TikTokDeps,
  relation: "followers" | "following",
  usernames: string | readonly string[],
  options: ListCollectOptions = {},
): ReportingStream<RelationRecord> {
  const endpoint = LIST_ENDPOINTS[relation];
  return reportingStream(async function* (report) {
    const names = parseUsernames(usernames);
    const limit = parseLimit(options.maxResults, "maxResults");
    const request = { usernames: names, maxResults: limit ?? null };
    yield* runListCollection(
      deps,
      {
        kind: relation,
        runId: options.runId ?? deriveRunId(relation, request),
        fingerprint: fingerprint(request),
        endpoint,
        targets: names,
        ...(limit === undefined ? {} : { limit }),
        options,
        describe: (name) => `${relation} of ${storedHandle(deps, name).handle}`,
        map: (item, _page, name) => {
          const parsed = apiRelationSchema.safeParse(item);
          if (!parsed.success) return undefined;
          const record = normalizeRelation(parsed.data, {
            relation: relation === "followers" ? "follower" : "following",
            of: storedHandle(deps, name),
            stored: (u) => storedHandle(deps, u),
            collectedAt: deps.clock.now(),
          });
          return { key: parsed.data.username.toLowerCase(), id: record.username, value: record };
        },
        explain: (o) => explainRelation(relation, o),
      },
      report,
    );
  });
}

function explainRelation(relation: string, outcome: TargetOutcome): TargetOutcome {
  if (relation === "followers" && outcome.status === "ok" && outcome.records >= FOLLOWER_CAP_HINT) {
    return { ...outcome, status: "capped", detail: FOLLOWER_CAP_NOTE };
  }
  return outcome;
}
