import { DAY_MS, utcDay } from "@observatory/arena-core";
import { DEFAULT_RECHECK_RULES, QueueProducer, queueLocation, recheckCutoffs } from "@observatory/scheduler";
import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import { openSchedulerStore, storeLocation } from "./scheduler-store.js";

/** `observatory status [--json]`: schedules, coverage, today's quota by use, the queue, compliance debt. */
export async function statusAction(
  ctx: ActionContext,
  flags: { db?: string; json?: boolean },
): Promise<number> {
  const store = await openSchedulerStore(ctx.io, flags);
  try {
    const now = Date.now();
    const today = utcDay(now);
    const [schedules, coverage, spend, summary, due] = await Promise.all([
      store.listSchedules(),
      store.coverage(),
      store.spend(today),
      store.complianceSummary(now, 7),
      store.complianceDue(recheckCutoffs(now, DEFAULT_RECHECK_RULES)),
    ]);
    let queue: Record<string, unknown> | { backend: "in-process" } = { backend: "in-process" };
    if (store.records.backend === "postgres") {
      const location = queueLocation({
        databaseUrl: storeLocation(ctx.io, flags).location,
        redisUrl: ctx.io.env.REDIS_URL,
      });
      const producer = new QueueProducer(location);
      try {
        const counts = await producer.queue.getJobCounts(
          "waiting",
          "prioritized",
          "active",
          "delayed",
          "failed",
          "completed",
        );
        const failed = (await producer.queue.getJobs(["failed"], 0, 9)).map((j) => ({
          id: j.id,
          reason: j.failedReason,
        }));
        queue = {
          backend: location.kind,
          ...counts,
          failedJobs: failed,
          rateLimitedForMs: await producer.queue.getRateLimitTtl(),
        };
      } finally {
        await producer.close();
      }
    }
    const report = {
      schedules: schedules.map((s) => {
        const days = [...(coverage.get(s.name)?.keys() ?? [])].sort();
        return { ...s, windowsCollected: days.length, lastDayCollected: days.at(-1) ?? null };
      }),
      quotaToday: { day: today, byUse: Object.fromEntries(spend) },
      queue,
      compliance: summary.map((p) => ({
        platform: p.platform,
        records: p.records,
        oldestCheckAgeDays:
          p.oldestCheckAt === null ? null : Math.round(((now - p.oldestCheckAt) / DAY_MS) * 100) / 100,
        dueForCheck: due.filter((d) => d.platform === p.platform).reduce((n, d) => n + d.records, 0),
      })),
    };
    if (flags.json) {
      await writeAll(ctx.io.stdout, `${JSON.stringify(report, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = ["Schedules"];
    for (const s of report.schedules) {
      lines.push(
        `  ${s.name.padEnd(16)} ${s.paused ? "paused" : "active"}  ${s.windowsCollected} day(s) collected, last ${s.lastDayCollected ?? "-"}  (since ${s.since})`,
      );
    }
    if (!report.schedules.length) lines.push("  none");
    lines.push(`Quota today (${today}) by use`);
    for (const [k, v] of spend) lines.push(`  ${k.padEnd(24)} ${v} requests`);
    if (!spend.size) lines.push("  nothing spent yet");
    lines.push(`Queue: ${JSON.stringify(queue)}`);
    lines.push("Compliance");
    for (const c of report.compliance) {
      lines.push(
        `  ${c.platform}: ${c.records} records, oldest check ${c.oldestCheckAgeDays ?? "-"} days ago, ${c.dueForCheck} due for a check`,
      );
    }
    await writeAll(ctx.io.stdout, `${lines.join("\n")}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
