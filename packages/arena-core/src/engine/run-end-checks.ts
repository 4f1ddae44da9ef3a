import type { WindowRef } from "../contract/collector.js";
import { SilentZeroError, WindowsDeferredError } from "../errors/run-flags.js";
import type { CheckpointStore } from "../ports/checkpoint-store.js";
import type { Clock } from "../ports/clock.js";
import type { Logger } from "../ports/logger.js";
import { type Deferral, deferralMessage, settlesAt } from "./deferred-windows.js";
import type { PartitionTask } from "./page-source.js";
import type { RunTracker } from "./run-tracker.js";
import {
  judgeSilentZeros,
  type SilentZeroSpec,
  silentZeroMessage,
  type WindowCount,
} from "./silent-zeros.js";

export interface EndChecks {
  runId: string;
  checkpoints: CheckpointStore;
  clock: Clock;
  logger: Logger;
  tracker: RunTracker;
  /** Windows collected to their end by this invocation, with the items the platform returned. */
  counts: readonly WindowCount[];
  deferred: readonly PartitionTask<unknown>[];
  deferral?: Deferral;
  silentZeros?: SilentZeroSpec;
  /** Saves the plan (not completed) before the run ends flagged. */
  savePlan: () => Promise<void>;
}

const refOf = (task: PartitionTask<unknown>): WindowRef => ({
  partition: task.label,
  since: task.window?.since.toISOString() ?? "",
  until: task.window?.until.toISOString() ?? "",
});

/**
 * What keeps a run from ending "completed" although no window failed: windows that came back empty where
 * records were expected (`SilentZeroError`; their checkpoints are reset, so the same runId collects them
 * again — nothing of theirs was written), and windows left for later because they lie within the
 * platform's ingestion lag (`WindowsDeferredError`). Returns normally when neither applies.
 */
export async function endChecks(c: EndChecks): Promise<void> {
  const { tracker } = c;
  const deferred = c.deferred.map(refOf);
  if (deferred.length) tracker.progress.deferred = deferred;
  if (c.silentZeros && c.counts.length) {
    const verdict = await judgeSilentZeros(c.counts, c.silentZeros);
    if (verdict.flagged.length) {
      const flaggedKeys = new Set(
        c.counts.filter((w) => verdict.flagged.some((z) => z.window === w.ref)).map((w) => w.key),
      );
      for (const key of flaggedKeys) {
        const saved = await c.checkpoints.get(c.runId, key);
        if (!saved) continue;
        const { cursor: _c, searchId: _s, ...rest } = saved;
        await c.checkpoints.put({
          ...rest,
          done: false,
          pages: 0,
          updatedAt: new Date(c.clock.now()).toISOString(),
        });
      }
      await c.savePlan();
      const message = silentZeroMessage(verdict, c.runId, c.silentZeros.canaryLabel);
      c.logger.error(message);
      tracker.progress.windowsDone -= flaggedKeys.size;
      await tracker.emit("incomplete", { silentZeros: verdict.flagged });
      throw new SilentZeroError(message, {
        silentZeros: verdict.flagged,
        ...(c.silentZeros.canaryLabel && verdict.canaryItems !== undefined
          ? { canary: `${c.silentZeros.canaryLabel}: ${verdict.canaryItems} item(s)` }
          : {}),
      });
    }
  }
  if (deferred.length && c.deferral) {
    const now = c.clock.now();
    const first = Math.min(...c.deferred.map((t) => settlesAt(t.window!, c.deferral!, now)));
    const resumeAt = new Date(first).toISOString();
    await c.savePlan();
    const message = deferralMessage(deferred, c.deferral, resumeAt, c.runId);
    c.logger.warn(message);
    await tracker.emit("paused", { resumeAt });
    throw new WindowsDeferredError(message, { deferred, resumeAt });
  }
}
