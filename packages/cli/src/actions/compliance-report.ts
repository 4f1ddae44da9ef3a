import { DAY_MS } from "@observatory/arena-core";
import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import { openSchedulerStore } from "./scheduler-store.js";

const LIMIT_DAYS = 15;

/**
 * `observatory compliance report`: per platform, the oldest unchecked record's age and the checks and
 * deletions per day (TikTok terms 3.d). Exits 1 when any record is past 15 days since its last check.
 */
export async function complianceReportAction(
  ctx: ActionContext,
  flags: { db?: string; json?: boolean; days?: number },
): Promise<number> {
  const store = await openSchedulerStore(ctx.io, flags);
  try {
    const now = Date.now();
    const summary = await store.complianceSummary(now, flags.days ?? 30);
    const platforms = summary.map((p) => ({
      ...p,
      oldestCheckAgeDays:
        p.oldestCheckAt === null ? null : Math.round(((now - p.oldestCheckAt) / DAY_MS) * 100) / 100,
      oldestCheckAt: p.oldestCheckAt === null ? null : new Date(p.oldestCheckAt).toISOString(),
    }));
    const overdue = platforms.filter((p) => (p.oldestCheckAgeDays ?? 0) > LIMIT_DAYS);
    if (flags.json) {
      await writeAll(
        ctx.io.stdout,
        `${JSON.stringify({ limitDays: LIMIT_DAYS, compliant: overdue.length === 0, platforms }, null, 2)}\n`,
      );
    } else {
      const lines = [
        `Compliance report (TikTok Research API terms 3.d: refresh every record at least every ${LIMIT_DAYS} days)`,
      ];
      if (platforms.length === 0) lines.push("nothing held yet");
      for (const p of platforms) {
        lines.push(
          "",
          `${p.platform}: ${p.records} records held; oldest last check ${p.oldestCheckAgeDays ?? "-"} days ago${
            (p.oldestCheckAgeDays ?? 0) > LIMIT_DAYS ? `  — PAST ${LIMIT_DAYS} DAYS` : "  — within the limit"
          }`,
          "  day          checks  deletions",
          ...p.days.map(
            (d) => `  ${d.day}  ${String(d.checks).padStart(6)}  ${String(d.deletions).padStart(9)}`,
          ),
        );
      }
      await writeAll(ctx.io.stdout, `${lines.join("\n")}\n`);
    }
    if (overdue.length) {
      ctx.io.stderr.write(
        `observatory: ${overdue.map((p) => p.platform).join(", ")} holds records past ${LIMIT_DAYS} days since their last check: run \`observatory worker\`\n`,
      );
      return EXIT.failure;
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
