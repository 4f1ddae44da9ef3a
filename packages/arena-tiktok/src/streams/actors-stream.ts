import {
  type ActorProfile,
  type CollectOptions,
  isArenaError,
  type Progress,
  QuotaExhaustedError,
} from "@observatory/arena-core";
import { USER_INFO_ENDPOINT, USER_INFO_FIELDS, userInfoSchema } from "../endpoints/user-info.js";
import { throwIfAborted } from "../http/research-client.js";
import { actorProfile, unavailableProfile } from "../normalize/actor-profile.js";
import { deriveRunId } from "../run/run-id.js";
import type { StreamDeps } from "./stream-deps.js";
import { parseUsernames } from "./targets.js";
import { unavailableStatus } from "./unavailable.js";

/**
 * user/info/ for each name, one checkpoint partition per name. An unknown or private user is a
 * profile with status "not_found", "private" or "unavailable" and the API's words in `detail`, not an
 * error of the batch; so is a name whose requests failed on every retry (its partition stays open, so a
 * resume with the same runId asks again). A spent quota pauses the stream (QuotaExhaustedError);
 * names already profiled are not asked (nor yielded) again on resume.
 */
export function actorProfiles(
  deps: StreamDeps,
  usernames: string | readonly string[],
  options: CollectOptions = {},
): AsyncIterable<ActorProfile> {
  return {
    async *[Symbol.asyncIterator]() {
      const names = parseUsernames(usernames);
      const runId = options.runId ?? deriveRunId("profiles", names);
      const { client, checkpoints, clock, logger } = deps;
      const requestsAtStart = client.stats.requests;
      const progress: Progress = {
        runId,
        phase: "running",
        requests: 0,
        records: 0,
        skipped: 0,
        windowsDone: 0,
        windowsTotal: names.length,
        givenUp: [],
      };
      const emit = async (phase: Progress["phase"], extra: Partial<Progress> = {}) => {
        Object.assign(progress, { phase, requests: client.stats.requests - requestsAtStart, ...extra });
        if (!options.onProgress) return;
        progress.quota = await deps.quotaSnapshot("research").catch(() => undefined);
        options.onProgress({ ...progress, givenUp: [...progress.givenUp] });
      };
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
          let done = true;
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
            const unavailable = unavailableStatus(error);
            const giveUp =
              isArenaError(error) && error.failureType === "transient" && error.code !== "aborted";
            if (!unavailable && !giveUp) throw error;
            const detail = (error as Error).message;
            const status =
              unavailable?.status === "not_found" || unavailable?.status === "private"
                ? unavailable.status
                : "unavailable";
            profile = unavailableProfile(username, status, detail, pseudonym, clock.now());
            done = !giveUp;
            progress.skipped++;
            logger.warn(`no profile for ${username}: ${status}`, { detail });
          }
          progress.records++;
          yield profile;
          if (done) {
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
          }
          await emit("running");
        }
      } catch (error) {
        if (error instanceof QuotaExhaustedError) await emit("paused", { resumeAt: error.resumeAt });
        else await emit(isArenaError(error) && error.code === "aborted" ? "aborted" : "failed");
        throw error;
      }
      await emit("completed");
    },
  };
}
