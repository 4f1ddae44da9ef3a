import {
  type CheckpointStore,
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
  /**
   * The research pool in the ledger: its snapshot, and whether it is spent (counters at the limit, or
   * the API answered 429).
   */
  quota: () => Promise<{ snapshot: QuotaSnapshot; spent: boolean }>;
  /** An access token (cached, or from the token endpoint, which costs no quota): checked on every call. */
  token: () => Promise<unknown>;
  medium?: MediumTier;
  /**
   * At most one probe request (it counts against the daily quota) per this many ms; in between, the
   * report rests on the last probe or on a later successful request. 0: a probe on every check.
   */
  probeIntervalMs: number;
  /**
   * Where the last probe is shared with every collector of the same credential (the host's checkpoint
   * store: Redis for many workers), so that fifty workers probe as rarely as one.
   */
  shared?: { store: CheckpointStore; credentialId: string };
}

interface Probe {
  at: number;
  report: HealthReport;
}

const PROBE_PARTITION = "research-probe";
const probeRunId = (credentialId: string) => `health:${credentialId}`;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * The Research API's health (token + a one-video query), and Bright Data's when the medium tier is
 * configured: "ok" when every configured tier works, "down" when none does, else "degraded".
 * Never throws. A host that polls it every minute does not spend its quota on it: the probe is sent
 * at most once per `probeIntervalMs`, and not at all while the collector's own requests succeed.
 */
export class HealthMonitor {
  readonly #deps: HealthDeps;
  #lastProbe: Probe | undefined;

  constructor(deps: HealthDeps) {
    this.#deps = deps;
  }

  async check(): Promise<HealthReport> {
    const { medium } = this.#deps;
    if (!medium) return this.#research();
    const [research, bright] = await Promise.all([this.#research(), medium.health()]);
    const status =
      research.status === "ok" && bright.ok
        ? "ok"
        : research.status === "down" && !bright.ok
          ? "down"
          : "degraded";
    return { ...research, status, detail: `${research.detail}; ${bright.detail}` };
  }

  async #research(): Promise<HealthReport> {
    const { clock, client, probeIntervalMs } = this.#deps;
    const now = clock.now();
    if (probeIntervalMs > 0) {
      const probe = await this.#latestProbe();
      const succeeded = client.stats.lastSuccessAt;
      if (succeeded !== undefined && now - succeeded < probeIntervalMs && (!probe || succeeded > probe.at)) {
        return this.#withoutProbe(now, {
          status: "ok",
          detail: `a Research API request succeeded ${seconds(now - succeeded)} ago (no probe sent)`,
        });
      }
      if (probe && now - probe.at < probeIntervalMs) {
        return this.#withoutProbe(now, {
          ...probe.report,
          detail: `${probe.report.detail} (probed ${seconds(now - probe.at)} ago; no request sent: at most one probe per ${seconds(probeIntervalMs)})`,
        });
      }
    }
    const report = await probeResearchApi(this.#deps);
    this.#lastProbe = { at: now, report };
    await this.#share(this.#lastProbe);
    return withRequestsLeft(report);
  }

  /** This collector's last probe, or a newer one another collector of the credential shared. */
  async #latestProbe(): Promise<Probe | undefined> {
    const local = this.#lastProbe;
    const { shared } = this.#deps;
    if (!shared) return local;
    const saved = await shared.store
      .get(probeRunId(shared.credentialId), PROBE_PARTITION)
      .catch(() => undefined);
    const other = saved?.data as Partial<Probe> | undefined;
    if (typeof other?.at !== "number" || typeof other.report?.status !== "string") return local;
    return !local || other.at > local.at ? (other as Probe) : local;
  }

  async #share(probe: Probe): Promise<void> {
    const { shared } = this.#deps;
    if (!shared) return;
    await shared.store
      .put({
        runId: probeRunId(shared.credentialId),
        partition: PROBE_PARTITION,
        done: true,
        pages: 0,
        records: 0,
        data: probe as unknown as Record<string, unknown>,
        updatedAt: new Date(probe.at).toISOString(),
      })
      .catch(() => undefined); // a store that is down costs the sharing, never the health report
  }

  /**
   * A report from earlier evidence, once the credential still gets a token (free: changed or revoked
   * credentials show at once), with the ledger's quota now (free to read: a spent quota shows at once).
   */
  async #withoutProbe(now: number, earlier: Omit<HealthReport, "checkedAt">): Promise<HealthReport> {
    const checkedAt = new Date(now).toISOString();
    try {
      await this.#deps.token();
    } catch (error) {
      const quota = (await this.#deps.quota().catch(() => undefined))?.snapshot;
      return failureReport(error, { checkedAt, ...(quota ? { quota } : {}) });
    }
    const ledger = await this.#deps.quota().catch(() => undefined);
    const quota = ledger?.snapshot ?? earlier.quota;
    const { latencyMs: _, ...report } = { ...earlier, checkedAt, ...(quota ? { quota } : {}) };
    if (report.status === "ok" && quota && ledger?.spent) {
      return {
        ...report,
        status: "degraded",
        detail: `the daily quota is spent; it resets at ${quota.resetsAt}`,
      };
    }
    return withRequestsLeft(report);
  }
}

/** An "ok" report's detail ends with the requests left today. */
function withRequestsLeft(report: HealthReport): HealthReport {
  const { quota } = report;
  if (report.status !== "ok" || !quota) return report;
  const left = Math.max(0, quota.requestsLimit - quota.requestsUsed);
  return { ...report, detail: `${report.detail}; ${left} requests left today` };
}

/** One video query of one day, one attempt: the cheapest request that proves the token and the API work. */
async function probeResearchApi(deps: HealthDeps): Promise<HealthReport> {
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
        maxAttempts: 1,
      },
    );
    const quota = (await deps.quota()).snapshot;
    return {
      status: "ok",
      detail: "token and video query work",
      checkedAt: checkedAt(),
      latencyMs: clock.now() - started,
      quota,
    };
  } catch (error) {
    const quota = (await deps.quota().catch(() => undefined))?.snapshot;
    return failureReport(error, {
      checkedAt: checkedAt(),
      latencyMs: clock.now() - started,
      ...(quota ? { quota } : {}),
    });
  }
}

/**
 * "degraded" for a spent quota or a transient failure the API answered (a 5xx), "down" for anything
 * else: auth, config, and an API that did not answer at all (connection refused, reset, timed out
 * after every attempt).
 */
function failureReport(
  error: unknown,
  base: Pick<HealthReport, "checkedAt" | "latencyMs" | "quota">,
): HealthReport {
  const message = isArenaError(error) ? error.message : `unexpected failure: ${(error as Error)?.message}`;
  const unanswered = isArenaError(error) && error.failureType === "transient" && !error.status;
  const degraded =
    isArenaError(error) &&
    !unanswered &&
    (error.failureType === "quota" || error.failureType === "transient");
  return { ...base, status: degraded ? "degraded" : "down", detail: message };
}
