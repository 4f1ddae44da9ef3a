import {
  type Checkpoint,
  type Clock,
  type ContentRecord,
  isoUtc,
  MemoryCheckpointStore,
  systemClock,
  utcDay,
} from "@observatory/arena-core";
import { dayStart } from "../planner/days.js";
import type { DueCount } from "../planner/plan-due.js";
import {
  isComplianceDue,
  isRefreshDue,
  lastCheck,
  type RecheckCutoffs,
  type RecheckFacts,
} from "../planner/recheck-rules.js";
import type { Schedule } from "../schedule/schedule.js";
import type {
  CollectJobStart,
  CollectWindowMark,
  CollectWriter,
  CommentCheckOutcome,
  ComplianceSummary,
  DeletionEntry,
  FirstRequestShares,
  RecheckOutcome,
  SchedulerStore,
  VideoAudit,
} from "./scheduler-store.js";

interface Held {
  record: ContentRecord;
  facts: RecheckFacts;
  snapshots: number;
  rechecks?: number[];
}

/** The scheduler's store in memory: for tests and single-process rehearsals (nothing survives a restart). */
export class MemorySchedulerStore implements SchedulerStore {
  readonly #schedules = new Map<string, Schedule>();
  readonly #coverage = new Map<string, Map<string, number>>();
  readonly #records = new Map<string, Held>();
  readonly #deletions: DeletionEntry[] = [];
  readonly #checks = new Map<string, number>();
  readonly #spend = new Map<string, Map<string, number>>();
  readonly #checkpoints: MemoryCheckpointStore;
  readonly #clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#checkpoints = new MemoryCheckpointStore({ clock: this.#clock });
  }

  async addSchedule(schedule: Schedule): Promise<"added" | "exists"> {
    if (this.#schedules.has(schedule.name)) return "exists";
    this.#schedules.set(schedule.name, { ...schedule });
    return "added";
  }
  async listSchedules(): Promise<Schedule[]> {
    return [...this.#schedules.values()].map((s) => ({ ...s })).sort((a, b) => a.name.localeCompare(b.name));
  }
  async getSchedule(name: string): Promise<Schedule | undefined> {
    const s = this.#schedules.get(name);
    return s && { ...s };
  }
  async setPaused(name: string, paused: boolean): Promise<boolean> {
    const s = this.#schedules.get(name);
    if (!s) return false;
    s.paused = paused;
    return true;
  }
  async removeSchedule(name: string): Promise<boolean> {
    this.#coverage.delete(name);
    return this.#schedules.delete(name);
  }

  async coverage(): Promise<Map<string, Map<string, number>>> {
    return new Map([...this.#coverage].map(([k, v]) => [k, new Map(v)]));
  }
  async windowCollectedAt(schedule: string, day: string): Promise<number | undefined> {
    return this.#coverage.get(schedule)?.get(day);
  }
  async markWindowCollected(
    schedule: string,
    _partition: string,
    day: string,
    startedAt: number,
  ): Promise<void> {
    let days = this.#coverage.get(schedule);
    if (!days) {
      days = new Map();
      this.#coverage.set(schedule, days);
    }
    days.set(day, Math.max(days.get(day) ?? 0, startedAt));
  }

  async beginCollect(job: {
    runId: string;
    schedule: string;
    day: string;
    asOf: string | null;
    prepay?: FirstRequestShares;
  }): Promise<CollectJobStart> {
    const schedule = await this.getSchedule(job.schedule);
    if (!schedule) return { run: false, note: "schedule removed" };
    if (schedule.paused) return { run: false, note: "schedule paused" };
    const collectedAt = await this.windowCollectedAt(job.schedule, job.day);
    if (collectedAt !== undefined && (job.asOf === null || collectedAt >= dayStart(job.asOf))) {
      return { run: false, note: "window already collected" };
    }
    const prepaid = job.prepay ? await this.#prepay(job.prepay, schedule.dailyBudget) : false;
    return { run: true, schedule, writer: await this.collectWriter(job), prepaid };
  }

  /** The first request's shares, all or none (as `scheduler_start_collect` counts them). */
  async #prepay(prepay: FirstRequestShares, budget: number | null): Promise<boolean> {
    const shares = prepay.shares.map((s) => (s.key === prepay.budgetKey ? { key: s.key, cap: budget } : s));
    if (shares.some((s) => s.cap !== null && s.cap < 1)) return false;
    const taken = await this.trySpendShares(prepay.day, shares, 1);
    if (taken.length === shares.length) return true;
    for (const key of taken) await this.trySpend(prepay.day, key, -1, null);
    return false;
  }

  async collectWriter(_run: { runId: string }): Promise<CollectWriter> {
    const base = this.#checkpoints;
    let yielded: ContentRecord[] = [];
    let ready: ContentRecord[] = [];
    const stats = { inserted: 0, updated: 0 };
    const write = () => {
      const at = this.#clock.now();
      for (const record of ready) {
        const held = this.#records.get(record.platform_id);
        if (held) stats.updated++;
        else stats.inserted++;
        this.#records.set(record.platform_id, {
          record,
          facts: {
            publishedAt: record.published_at ? Date.parse(record.published_at) : null,
            lastSeenAt: Math.max(at, held?.facts.lastSeenAt ?? 0),
            lastCheckedAt: held?.facts.lastCheckedAt ?? null,
          },
          snapshots: (held?.snapshots ?? 0) + 1,
          rechecks: held?.rechecks ?? [],
        });
      }
      ready = [];
    };
    return {
      stats,
      checkpoints: {
        get: (runId, partition) => base.get(runId, partition),
        list: (runId) => base.list(runId),
        deleteRun: (runId) => base.deleteRun(runId),
        claim: (runId, partition, owner, ttlMs) => base.claim(runId, partition, owner, ttlMs),
        release: (runId, partition, owner) => base.release(runId, partition, owner),
        put: async (checkpoint: Checkpoint) => {
          write();
          await base.put(checkpoint);
        },
      },
      add: (record) => {
        yielded.push(record);
      },
      commit: async () => {
        ready.push(...yielded);
        yielded = [];
      },
      noteProgress: () => undefined,
      close: async (status: string, _detail?: string, window?: CollectWindowMark) => {
        yielded = [];
        write();
        if (status === "completed" && window) {
          await this.markWindowCollected(window.schedule, window.partition, window.day, window.startedAt);
        }
      },
    };
  }

  #due(kind: "refresh" | "compliance", c: RecheckCutoffs): Held[] {
    return [...this.#records.values()].filter(
      (h) =>
        h.record.content_type !== "comment" &&
        (kind === "refresh" ? isRefreshDue(h.facts, c) : isComplianceDue(h.facts, c)),
    );
  }
  #count(held: Held[]): DueCount[] {
    const counts = new Map<string, number>();
    for (const h of held) {
      const day = h.record.published_at?.slice(0, 10) ?? "unknown";
      counts.set(
        `${h.record.platform}\u0000${day}`,
        (counts.get(`${h.record.platform}\u0000${day}`) ?? 0) + 1,
      );
    }
    return [...counts]
      .map(([k, records]) => {
        const [platform, publishedDay] = k.split("\u0000") as [string, string];
        return { platform, publishedDay, records };
      })
      .sort((a, b) => a.publishedDay.localeCompare(b.publishedDay));
  }
  async refreshDue(c: RecheckCutoffs): Promise<DueCount[]> {
    return this.#count(this.#due("refresh", c));
  }
  async complianceDue(c: RecheckCutoffs): Promise<DueCount[]> {
    return this.#count(this.#due("compliance", c));
  }
  async dueRecords(
    kind: "refresh" | "compliance",
    platform: string,
    publishedFrom: string,
    publishedUntil: string,
    c: RecheckCutoffs,
  ): Promise<ContentRecord[]> {
    const inBlock = (day: string) =>
      publishedFrom === "unknown" ? day === "unknown" : day >= publishedFrom && day < publishedUntil;
    return this.#due(kind, c)
      .filter(
        (h) => h.record.platform === platform && inBlock(h.record.published_at?.slice(0, 10) ?? "unknown"),
      )
      .map((h) => h.record);
  }
  async applyRecheck(o: RecheckOutcome): Promise<void> {
    const day = utcDay(o.at);
    for (const record of o.updated) {
      const held = this.#records.get(record.platform_id);
      this.#records.set(record.platform_id, {
        record,
        facts: {
          publishedAt: record.published_at ? Date.parse(record.published_at) : null,
          lastSeenAt: held?.facts.lastSeenAt ?? o.at,
          lastCheckedAt: o.at,
        },
        snapshots: (held?.snapshots ?? 0) + 1,
        rechecks: [...(held?.rechecks ?? []), o.at],
      });
    }
    for (const id of o.missing) {
      const held = this.#records.get(id);
      if (!held) continue;
      this.#records.delete(id);
      this.#deletions.push({
        platform: o.platform,
        platformId: id,
        contentType: held.record.content_type,
        deletedAt: isoUtc(o.at),
        reason: `not returned by the ${o.kind} re-query (ToS 3.d)`,
      });
    }
    this.#checks.set(day, (this.#checks.get(day) ?? 0) + o.updated.length + o.missing.length);
  }

  #dueComments(platform: string | undefined, c: RecheckCutoffs): Held[] {
    return [...this.#records.values()].filter(
      (h) =>
        h.record.content_type === "comment" &&
        (platform === undefined || h.record.platform === platform) &&
        isComplianceDue(h.facts, c),
    );
  }
  async commentsDue(c: RecheckCutoffs): Promise<{ platform: string; comments: number }[]> {
    const counts = new Map<string, number>();
    for (const h of this.#dueComments(undefined, c)) {
      counts.set(h.record.platform, (counts.get(h.record.platform) ?? 0) + 1);
    }
    return [...counts].sort().map(([platform, comments]) => ({ platform, comments }));
  }
  async dueComments(platform: string, c: RecheckCutoffs, videos: number): Promise<Map<string, string[]>> {
    const byVideo = new Map<string, { oldest: number; ids: string[] }>();
    for (const h of this.#dueComments(platform, c)) {
      const video = (h.record.raw_metadata as { video_id?: unknown }).video_id;
      if (typeof video !== "string") continue;
      const v = byVideo.get(video) ?? { oldest: Number.POSITIVE_INFINITY, ids: [] };
      v.oldest = Math.min(v.oldest, lastCheck(h.facts));
      v.ids.push(h.record.platform_id);
      byVideo.set(video, v);
    }
    return new Map(
      [...byVideo]
        .sort(([a, x], [b, y]) => x.oldest - y.oldest || a.localeCompare(b))
        .slice(0, videos)
        .map(([video, v]) => [video, v.ids.sort()]),
    );
  }
  async applyCommentCheck(o: CommentCheckOutcome): Promise<void> {
    for (const record of o.returned) {
      const held = this.#records.get(record.platform_id);
      if (!held) continue;
      this.#records.set(record.platform_id, {
        ...held,
        record,
        facts: { ...held.facts, lastCheckedAt: o.at },
        snapshots: held.snapshots + 1,
      });
    }
    for (const id of o.missing) {
      const held = this.#records.get(id);
      if (!held) continue;
      this.#records.delete(id);
      this.#deletions.push({
        platform: o.platform,
        platformId: id,
        contentType: "comment",
        deletedAt: isoUtc(o.at),
        reason: "not returned by the comment compliance re-query (ToS 3.d)",
      });
    }
    const day = utcDay(o.at);
    this.#checks.set(day, (this.#checks.get(day) ?? 0) + o.returned.length + o.missing.length);
  }

  async trySpend(day: string, key: string, requests: number, cap: number | null): Promise<boolean> {
    let spend = this.#spend.get(day);
    if (!spend) {
      spend = new Map();
      this.#spend.set(day, spend);
    }
    const next = (spend.get(key) ?? 0) + requests;
    if (cap !== null && requests > 0 && next > cap) return false;
    spend.set(key, next);
    return true;
  }
  async trySpendShares(
    day: string,
    shares: readonly { key: string; cap: number | null }[],
    requests: number,
  ): Promise<string[]> {
    const taken: string[] = [];
    for (const { key, cap } of shares) if (await this.trySpend(day, key, requests, cap)) taken.push(key);
    return taken;
  }
  async spend(day: string): Promise<Map<string, number>> {
    return new Map(this.#spend.get(day) ?? []);
  }

  async complianceSummary(_now: number, days: number): Promise<ComplianceSummary[]> {
    const platforms = new Map<string, { records: number; oldest: number | null }>();
    for (const h of this.#records.values()) {
      const p = platforms.get(h.record.platform) ?? { records: 0, oldest: null };
      p.records++;
      p.oldest = p.oldest === null ? lastCheck(h.facts) : Math.min(p.oldest, lastCheck(h.facts));
      platforms.set(h.record.platform, p);
    }
    const allDays = [
      ...new Set([...this.#checks.keys(), ...this.#deletions.map((d) => d.deletedAt.slice(0, 10))]),
    ]
      .sort()
      .slice(-days);
    if (platforms.size === 0 && allDays.length > 0) platforms.set("tiktok", { records: 0, oldest: null });
    return [...platforms].map(([platform, p]) => ({
      platform,
      records: p.records,
      oldestCheckAt: p.oldest,
      days: allDays.map((day) => ({
        day,
        checks: this.#checks.get(day) ?? 0,
        deletions: this.#deletions.filter((d) => d.platform === platform && d.deletedAt.startsWith(day))
          .length,
      })),
    }));
  }
  async deletions(limit = Number.POSITIVE_INFINITY): Promise<DeletionEntry[]> {
    return this.#deletions.slice(-limit);
  }

  async auditVideos(platform: string): Promise<VideoAudit[]> {
    return [...this.#records.values()]
      .filter((h) => h.record.platform === platform && h.record.content_type === "video")
      .map((h) => ({
        platformId: h.record.platform_id,
        publishedAt: h.facts.publishedAt,
        lastCheckAt: lastCheck(h.facts),
        rechecks: [...(h.rechecks ?? [])],
      }));
  }

  /** Test helper: every held record, by platform_id. */
  heldRecords(): Map<string, { record: ContentRecord; facts: RecheckFacts; snapshots: number }> {
    return new Map(this.#records);
  }
}
