import {
  type Clock,
  DAY_MS,
  type HealthReport,
  isArenaError,
  type QuotaSnapshot,
} from "@observatory/arena-core";
import { VIDEO_QUERY_ENDPOINT, videoPageSchema } from "../endpoints/video-query.js";
import type { ResearchClient } from "../http/research-client.js";
import { toApiDate } from "../query/api-date.js";
import { inValues } from "../query/conditions.js";
import type { MediumTier } from "../tiers/bright-data/medium-tier.js";

export interface HealthDeps {
  client: ResearchClient;
  clock: Clock;
  quotaSnapshot: () => Promise<QuotaSnapshot>;
  medium?: MediumTier;
}

/**
 * The Research API's health (token + a one-video query), and Bright Data's when the medium tier is
 * configured: "ok" when every configured tier works, "down" when none does, else "degraded".
 * Never throws.
 */
export async function healthCheck(deps: HealthDeps): Promise<HealthReport> {
  if (!deps.medium) return researchHealth(deps);
  const [research, bright] = await Promise.all([researchHealth(deps), deps.medium.health()]);
  const status =
    research.status === "ok" && bright.ok
      ? "ok"
      : research.status === "down" && !bright.ok
        ? "down"
        : "degraded";
  return { ...research, status, detail: `${research.detail}; ${bright.detail}` };
}

async function researchHealth(deps: HealthDeps): Promise<HealthReport> {
  const { clock, client } = deps;
  const started = clock.now();
  const checkedAt = () => new Date(clock.now()).toISOString();
  const day = Math.floor(started / DAY_MS) * DAY_MS - 3 * DAY_MS;
  try {
    await client.call(
      VIDEO_QUERY_ENDPOINT,
      {
        query: { and: [inValues("region_code", ["DK"])] },
        start_date: toApiDate(new Date(day)),
        end_date: toApiDate(new Date(day)),
        max_count: 1,
      },
      {
        pool: "research",
        fields: ["id"],
        parse: (d) => videoPageSchema.parse(d),
        describe: "health check",
      },
    );
    const quota = await deps.quotaSnapshot();
    return {
      status: "ok",
      detail: `token and video query work; ${quota.requestsLimit - quota.requestsUsed} requests left today`,
      checkedAt: checkedAt(),
      latencyMs: clock.now() - started,
      quota,
    };
  } catch (error) {
    const quota = await deps.quotaSnapshot().catch(() => undefined);
    const message = isArenaError(error) ? error.message : `unexpected failure: ${(error as Error)?.message}`;
    const degraded =
      isArenaError(error) && (error.failureType === "quota" || error.failureType === "transient");
    return {
      status: degraded ? "degraded" : "down",
      detail: message,
      checkedAt: checkedAt(),
      latencyMs: clock.now() - started,
      ...(quota ? { quota } : {}),
    };
  }
}
