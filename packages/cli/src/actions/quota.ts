import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import type { QuotaFlags } from "../program/flags.js";
import { formatCount } from "../progress/format.js";
import { openTikTok } from "../runtime/open-tiktok.js";

/** `observatory tiktok quota [--reset]`: today's count in the local (or Redis) quota ledger. */
export async function quotaAction(
  ctx: ActionContext,
  flags: QuotaFlags & { reset?: boolean },
): Promise<number> {
  const runtime = await openTikTok(ctx.io, flags);
  try {
    if (flags.reset) {
      await runtime.state.resetQuota(runtime.credentialId);
      runtime.lines.line(`quota ledger reset for this credential (${runtime.state.where})`);
    }
    const pools = await Promise.all(
      ["research", "followers"].map((pool) => runtime.state.quota.state(runtime.credentialId, pool)),
    );
    const text = flags.json
      ? `${JSON.stringify(pools, null, 2)}\n`
      : `${pools
          .map(
            (s) =>
              `${s.pool.padEnd(9)}  ${formatCount(s.requestsUsed)} of ${formatCount(s.requestsLimit)} requests used on ${s.day}` +
              `${s.exhausted ? " — PAUSED (spent)" : ""}; resets ${new Date(s.resetsAt).toISOString()}`,
          )
          .join("\n")}\n`;
    await writeAll(ctx.io.stdout, text);
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}
