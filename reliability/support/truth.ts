/** Ground truth from the emulator for a TermsQuery, through the packages' public exports only. */
import type { TermsQueryInput } from "@observatory/arena-core";
import { truthFor as idsOf, pagesNeeded } from "@observatory/arena-tiktok/testing";
import type { Emulator } from "@observatory/tiktok-emulator";

/** IDs a complete crawl must collect now: matching, ingested, not deleted, in every planned window. */
export function truthFor(emulator: Emulator, input: TermsQueryInput): Set<string> {
  return new Set(idsOf(emulator, input));
}

/** Pages a fault-free crawl needs, with the collector's windows and page size. */
export { pagesNeeded };

/**
 * Compares what was collected with the truth after the crawl. Exact means: no ID twice, every video
 * still live was collected, and anything else collected was deleted after it was served (by an empty
 * page: the emulator's `hiddenVideoIds`). Returns the problems, none when exact.
 */
export function compareWithTruth(
  collected: readonly string[],
  truth: ReadonlySet<string>,
  hidden: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const id of collected) {
    if (seen.has(id)) duplicates.push(id);
    seen.add(id);
  }
  if (duplicates.length) problems.push(`${duplicates.length} duplicated (e.g. ${duplicates[0]})`);
  const missing = [...truth].filter((id) => !seen.has(id));
  if (missing.length) problems.push(`${missing.length} missing (e.g. ${missing[0]})`);
  const extra = [...seen].filter((id) => !truth.has(id) && !hidden.has(id));
  if (extra.length) problems.push(`${extra.length} unexpected (e.g. ${extra[0]})`);
  return problems;
}
