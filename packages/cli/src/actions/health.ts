import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import type { HealthFlags } from "../program/flags.js";
import { alignRows, formatCount } from "../progress/format.js";
import { openTikTok } from "../runtime/open-tiktok.js";

/** `observatory tiktok health`: token + one tiny query; exit 0 ok, 3 quota spent, 1 otherwise. */
export async function healthAction(ctx: ActionContext, flags: HealthFlags): Promise<number> {
  const runtime = await openTikTok(ctx.io, flags);
  try {
    const report = await runtime.collector.healthCheck();
    const quota = report.quota;
    const quotaSpent = quota !== undefined && quota.requestsUsed >= quota.requestsLimit;
    const rows: [string, string][] = [
      ["status", report.status],
      ["detail", report.detail],
      ["latency", report.latencyMs === undefined ? "-" : `${report.latencyMs} ms`],
      [
        "quota",
        quota
          ? `${formatCount(Math.max(0, quota.requestsLimit - quota.requestsUsed))} of ${formatCount(quota.requestsLimit)} requests left today; resets ${quota.resetsAt}`
          : "-",
      ],
      ["checked", report.checkedAt],
      [
        "api",
        runtime.config.mode === "demo"
          ? "built-in emulator (SYNTHETIC data)"
          : (runtime.config.baseUrl ?? "https://open.tiktokapis.com"),
      ],
      ["state", runtime.state.where],
    ];
    await writeAll(
      ctx.io.stdout,
      flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${alignRows(rows).join("\n")}\n`,
    );
    if (report.status === "ok") return EXIT.ok;
    return quotaSpent ? EXIT.quotaPaused : EXIT.failure;
  } finally {
    await runtime.close();
  }
}
