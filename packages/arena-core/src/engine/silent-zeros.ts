import type { WindowRef } from "../contract/collector.js";
import type { SilentZero } from "../errors/run-flags.js";

/**
 * The silent-zero alarm: an API that answers every query with an empty page makes a client report a
 * complete, empty collection. A run counts the items each window returned, and judges the empty ones
 * with the evidence it has: the items the query's own history (or the estimate) expected, the windows
 * before them (a collapse to zero mid-range), and optionally a canary query known to have matches,
 * which tells an outage (the canary is empty too) from a real absence (the canary has matches).
 */
export interface SilentZeroSpec {
  /** Items the whole run was expected to return (its history, an estimate); undefined when unknown. */
  expected?: () => Promise<number | undefined>;
  /** Items a window's evidence must show for its emptiness to be suspicious (default 20). */
  minExpected?: number;
  /** Items a query known to have matches returns now (one request); asked only when windows came back empty. */
  canary?: () => Promise<number>;
  /** The canary in messages, e.g. `"#fyp" on 2026-09-01`. */
  canaryLabel?: string;
  /**
   * Windows ending after this instant (ms) are not judged: the platform may not have ingested them yet
   * (e.g. now minus the longest reported ingestion lag), so their emptiness is no evidence.
   */
  judgedBefore?: number;
}

/** One window this invocation collected to its end, with the items the platform returned for it. */
export interface WindowCount {
  key: string;
  ref: WindowRef;
  items: number;
}

export interface SilentZeroVerdict {
  flagged: SilentZero[];
  /** The canary's items, when it was asked. */
  canaryItems?: number;
}

const DEFAULT_MIN_EXPECTED = 20;

/** The windows whose emptiness is suspicious (see `SilentZeroSpec`), in the order given. */
export async function judgeSilentZeros(
  judged: readonly WindowCount[],
  spec: SilentZeroSpec,
): Promise<SilentZeroVerdict> {
  let counts = judged;
  if (spec.judgedBefore !== undefined) {
    const before = new Date(spec.judgedBefore).toISOString();
    counts = counts.filter((c) => c.ref.until <= before);
  }
  const empty = counts.filter((c) => c.items === 0);
  if (!empty.length) return { flagged: [] };
  const min = spec.minExpected ?? DEFAULT_MIN_EXPECTED;
  const flagged = new Map<string, SilentZero>();

  // A collapse: a window comes back empty after windows of its partition that had many.
  const byPartition = new Map<string, WindowCount[]>();
  for (const c of counts) byPartition.set(c.ref.partition, [...(byPartition.get(c.ref.partition) ?? []), c]);
  for (const windows of byPartition.values()) {
    windows.sort((a, b) => a.ref.since.localeCompare(b.ref.since));
    const full: number[] = [];
    for (const w of windows) {
      if (w.items > 0) full.push(w.items);
      else if (full.length) {
        const mean = full.reduce((s, n) => s + n, 0) / full.length;
        if (mean >= min)
          flagged.set(w.key, { window: w.ref, reason: "collapse", expected: Math.round(mean) });
      }
    }
  }
  // Nothing at all where the history or the estimate expected many.
  if (empty.length === counts.length && spec.expected) {
    const expected = await spec.expected();
    if (expected !== undefined && expected >= min) {
      for (const w of empty) flagged.set(w.key, { window: w.ref, reason: "expected", expected });
    }
  }
  // The canary decides when there is one: empty too → an outage (every empty window is flagged);
  // matches → a real absence (nothing is flagged).
  if (spec.canary && (flagged.size || empty.length === counts.length)) {
    const canaryItems = await spec.canary();
    if (canaryItems > 0) return { flagged: [], canaryItems };
    for (const w of empty) {
      flagged.set(w.key, { window: w.ref, reason: "canary", expected: flagged.get(w.key)?.expected ?? 0 });
    }
    return { flagged: [...flagged.values()], canaryItems };
  }
  return { flagged: [...flagged.values()] };
}

/** The message of a flagged run: which windows, the evidence, and what to do. */
export function silentZeroMessage(verdict: SilentZeroVerdict, runId: string, canaryLabel?: string): string {
  const { flagged } = verdict;
  const windows = flagged
    .slice(0, 5)
    .map((z) => `${z.window.partition} ${z.window.since.slice(0, 10)}..${z.window.until.slice(0, 10)}`)
    .join(", ");
  const more = flagged.length > 5 ? ` and ${flagged.length - 5} more` : "";
  const why = flagged.some((z) => z.reason === "canary")
    ? `the canary query${canaryLabel ? ` ${canaryLabel}` : ""} came back empty too: the API looks out of order`
    : flagged.some((z) => z.reason === "expected")
      ? `the query's history or estimate expected about ${flagged[0]!.expected} records`
      : "the windows before them returned many";
  return (
    `SILENT ZEROS: ${flagged.length} window(s) came back empty where records were expected (${why}): ` +
    `${windows}${more}. They are not marked complete; run again later with runId ${runId} to collect them` +
    `${verdict.canaryItems === undefined ? " (a canary query tells an outage from a real absence)" : ""}.`
  );
}
