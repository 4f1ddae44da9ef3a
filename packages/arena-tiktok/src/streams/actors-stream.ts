import {
  type ActorProfile,
  type CollectOptions,
  isArenaError,
  RunTracker,
  throwIfAborted,
} from "@observatory/arena-core";
import type { TikTokDeps } from "../deps.js";
import { USER_INFO_ENDPOINT, USER_INFO_FIELDS, userInfoSchema } from "../endpoints/user-info.js";
import { actorProfile, unavailableProfile } from "../normalize/actor-profile.js";
import { deriveRunId } from "../run/run-id.js";
import { parseUsernames } from "./targets.js";

/** Verdicts that give up one name (its requests kept failing); a resume asks again. */
const GIVE_UP = new Set(["split", "restart-search", "give-up"]);

/**
 * user/info/ for each name, one checkpoint partition per name. An unknown or private user is a
 * profile with status "not_found", "private" or "unavailable" and the API's words in `detail`, not an
 * error of the batch. A name whose requests failed on every retry is not answered at all: the stream
 * ends in IncompleteCollectionError and a resume with the same runId asks again. A spent quota pauses the stream (QuotaExhaustedError);
 * names already profiled are not asked (nor yielded) again on resume.
 */
export function actorProfiles(
  deps: TikTokDeps,
  usernames: string | readonly string[],
  options: CollectOptions = {},
): AsyncIterable<ActorProfile> {
  return {
    async *[Symbol.asyncIterator]() {
      const names = parseUsernames(usernames);
      const runId = options.runId ?? deriveRunId("profiles", names);
      const { client, checkpoints, clock, logger } = deps;
      const tracker = new RunTracker({
        runId,
        options,
        requests: () => client.stats.requests,
        windowsTotal: names.length,
        quota: () => deps.quotaSnapshot("research"),
        logger,
        unit: "profile",
      });
      const { progress } = tracker;
      try {
        for (const username of names) {
          const partition = `profile:${username}`;
          if ((await checkpoints.get(runId, partition))?.done) {
            progress.windowsDone++;
            continue;
          }
          throwIfAborted(options.signal);
          const pseudonym = deps.pseudonymize("tiktok", username).id;
          let profile: ActorProfile;
          try {
            const { value } = await client.call(
              USER_INFO_ENDPOINT,
              { username },
              {
                pool: "research",
                fields: USER_INFO_FIELDS,
                ...(options.signal ? { signal: options.signal } : {}),
                parse: (d) => userInfoSchema.parse(d),
                countRecords: () => 1,
                describe: `user info for ${username}`,
              },
            );
            profile = actorProfile(username, value, pseudonym, clock.now());
          } catch (error) {
            if (!isArenaError(error)) throw error;
            if (GIVE_UP.has(error.verdict)) {
              // Not an answer about the user: nothing is yielded, a resume asks again.
              await tracker.giveUp({ partition, since: "", until: "" }, error.message);
              continue;
            }
            if (error.verdict !== "skip-target") throw error;
            const status =
              (error.details.targetStatus as "private" | "not_found" | "unavailable" | undefined) ??
              "unavailable";
            profile = unavailableProfile(username, status, error.message, pseudonym, clock.now());
            progress.skipped++;
            logger.warn(`no profile for ${username}: ${status}`, { detail: error.message });
          }
          progress.records++;
          yield profile;
          await options.beforeCheckpoint?.({ runId, partition, ids: [username], done: true });
          await checkpoints.put({
            runId,
            partition,
            done: true,
            pages: 1,
            records: 1,
            data: { status: profile.status },
            updatedAt: new Date(clock.now()).toISOString(),
          });
          progress.windowsDone++;
          await tracker.emit("running");
        }
      } catch (error) {
        await tracker.fail(error);
      }
      await tracker.finish();
    },
  };
}
